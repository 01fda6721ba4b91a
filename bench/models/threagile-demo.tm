// The shape of Threagile's demo model (Threagile/threagile, demo/example), written in tm for
// the diagram benchmark: the same technical assets, trust boundaries and links, in our own words.
model "Contract portal (after Threagile's demo)"

external CustomerClient "Customer web client" { kind user }
external ExternalDev "External developer" { kind user }

boundary AppNetwork "Application network" {
  process LoadBalancer "Load balancer"
  boundary WebDmz "Web DMZ" {
    process Webserver "Web server"
    process Cms "Marketing CMS"
  }
  boundary ErpDmz "ERP DMZ" {
    process Erp "Back-office ERP"
    store FileServer "Contract file server" { kind file }
    process ContractDb "Contract database server"
  }
  boundary AuthEnv "Authentication" {
    process IdP "Identity provider"
    process Ldap "LDAP server"
  }
}

boundary DevNetwork "Development network" {
  process Jenkins "Build server"
  process GitRepo "Git repository"
  external BackofficeClient "Back-office client" { kind user }
  external AdminClient "Admin client" { kind user }
}

flow CustomerTraffic: CustomerClient -> LoadBalancer "customer traffic" { protocol HTTPS }
flow AppTraffic: LoadBalancer -> Webserver "web application traffic" { protocol HTTP }
flow CmsTraffic: LoadBalancer -> Cms "CMS content" { protocol HTTP }
flow ErpTraffic: Webserver -> Erp "ERP calls" { protocol HTTPS }
flow CredentialCheck: Webserver -> IdP "credential check" { protocol HTTPS }
flow LdapCheck: IdP -> Ldap "LDAP check" { protocol LDAPS }
flow CmsAuth: Cms -> Ldap "CMS authentication" { protocol LDAP }
flow DbTraffic: Erp -> ContractDb "database queries" { protocol JDBC }
flow FileAccess: Erp -> FileServer "file access" { protocol NFS }
flow ErpAccess: BackofficeClient -> Erp "ERP access" { protocol HTTPS }
flow CmsEditing: BackofficeClient -> Cms "CMS editing" { protocol HTTPS }
flow ErpAdmin: AdminClient -> Erp "ERP administration" { protocol HTTPS }
flow DbAdmin: AdminClient -> ContractDb "database updates" { protocol SSH }
flow UserAdmin: AdminClient -> Ldap "user management" { protocol LDAPS }
flow CodePush: ExternalDev -> GitRepo "code push" { protocol SSH }
flow RepoWeb: ExternalDev -> GitRepo "repository web UI" { protocol HTTPS }
flow BuildWeb: ExternalDev -> Jenkins "build web UI" { protocol HTTPS }
flow CodePull: Jenkins -> GitRepo "code pull" { protocol SSH }
flow DeployApp: Jenkins -> Webserver "deploy application" { protocol SSH }
flow DeployCms: Jenkins -> Cms "CMS updates" { protocol SSH }
