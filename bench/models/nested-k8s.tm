// A deeply nested deployment, written for the diagram benchmark (issue #20: models the layout
// was not tuned on): a cloud account holding a VPC, a private subnet, a Kubernetes cluster and
// two namespaces, five levels of boundaries, with traffic between every level.
model "Claims service on Kubernetes (deep nesting)"

external Claimant "Claimant" { kind user }
external Insurer "Insurer's adjuster" { kind user }
external Sso "Corporate SSO" { kind service }

boundary Account "Cloud account" {
  kind cloud-account
  process BackupJob "Backup job"
  store Backups "Backup bucket" { kind bucket }
  boundary Vpc "Production VPC" {
    kind network
    process Alb "Load balancer"
    boundary Private "Private subnet" {
      kind network
      store Claims "Claims database" { kind database }
      boundary Cluster "Kubernetes cluster" {
        kind execution-environment
        process Ingress "Ingress controller"
        boundary Frontend "frontend namespace" {
          kind container
          process Portal "Claims portal"
        }
        boundary Backend "backend namespace" {
          kind container
          process ClaimsApi "Claims API"
          process Scorer "Fraud scorer"
          store Cache "Session cache" { kind cache }
        }
      }
    }
  }
}

flow Browse: Claimant -> Alb "claim forms" { protocol HTTPS  carries pii  returns pii }
flow Review: Insurer -> Alb "review claims" { protocol HTTPS  carries credentials  returns pii, financial }
flow Route: Alb -> Ingress "routed requests" { protocol HTTPS }
flow ToPortal: Ingress -> Portal "pages" { protocol HTTP }
flow ToApi: Portal -> ClaimsApi "claims calls" { protocol gRPC  carries pii }
flow Score: ClaimsApi -> Scorer "score a claim" { protocol gRPC  returns internal }
flow Sessions: Portal -> Cache "sessions" { protocol RESP }
flow Store: ClaimsApi -> Claims "claim records" { protocol SQL  carries pii, financial  returns pii }
flow Login: Portal -> Sso "sign-in" { protocol HTTPS  carries credentials }
flow Snapshot: BackupJob -> Claims "nightly snapshot" { protocol SQL  returns pii, financial }
flow Upload: BackupJob -> Backups "snapshot files" { protocol HTTPS  carries pii, financial }

threat OpenVpc "Security groups open to the internet" { on Vpc  stride T, I  likelihood 2  impact 3 }
threat NoNetpol "No network policy between namespaces" { on Cluster  stride E  likelihood 2  impact 2 }
