// Written for the diagram benchmark (docs/diagram.md, Readability) after the layout work of issue
// #20 had begun, in a shape it was not tuned on: a multi-tenant SaaS: CDN and load balancer, web,
// job and data tiers nested in one cloud account, SSO, payments and email providers.
model "Multi-tenant SaaS"

external User "Tenant user" { kind user }
external Admin "Tenant admin" { kind user }
external Idp "Customer IdP (SAML)" { kind service }
external Stripe "Payment provider" { kind service }
external Mail "Email provider" { kind service }

boundary Edge "Edge" {
  process Cdn "CDN"
  process Lb "Load balancer"
}

boundary Cloud "Cloud account" {
  boundary Web "Web tier" {
    process App "Web application"
    process AdminUi "Admin portal"
  }
  boundary Jobs "Job tier" {
    process Worker "Worker"
    process Scheduler "Scheduler"
  }
  boundary Data "Data tier" {
    store Pg "Postgres" { kind database }
    store Redis "Redis cache" { kind database }
    store Blobs "Object storage" { kind file }
  }
}

flow Browse: User -> Cdn "pages, API" { protocol HTTPS }
flow Origin: Cdn -> Lb "origin requests"
flow ToApp: Lb -> App "requests"
flow ToAdmin: Admin -> AdminUi "admin console" { protocol HTTPS }
flow Sso: App -> Idp "SAML request"
flow Assertion: Idp -> App "SAML assertion"
flow Query: App -> Pg "queries"
flow Cache: App -> Redis "sessions"
flow Upload: App -> Blobs "uploads"
flow AdminQuery: AdminUi -> Pg "tenant settings"
flow Enqueue: App -> Redis "jobs"
flow Dequeue: Redis -> Worker "jobs"
flow Tick: Scheduler -> Worker "scheduled jobs"
flow WorkerDb: Worker -> Pg "writes"
flow Thumbs: Worker -> Blobs "thumbnails"
flow Bill: Worker -> Stripe "invoices"
flow Webhook: Stripe -> App "payment webhooks"
flow Notify: Worker -> Mail "notifications"
