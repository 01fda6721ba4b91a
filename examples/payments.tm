// A payments service: a shop API takes checkouts, a worker captures payments with a provider.
// Mostly decided; what is left open is on purpose, so `tm check` has something to say:
// the order total is still tamperable (open, fix now), and the worker and its queue have no
// threats yet.
model "Payments service" {
  owner "payments-team"
  reviewed "2026-10-15"
  revisit "when the worker gains shipping integration"
  description "Checkout, order storage and payment capture for the web shop."
}

external Customer "Customer browser" { kind user }

boundary Shop "Shop backend" {
  process Api "API server" { privilege service }
  process Worker "Payments worker" { privilege service }
  store Orders "Orders DB" { kind database  holds pii, financial  encrypted }
  store Jobs "Job queue" { kind queue }
  store Audit "Audit log" {
    kind log
    exempt D "Appends are buffered; a full log pages the on-call but blocks no payment"
    exempt I "The log holds order ids and event names, no personal data"
  }
}

boundary Providers "Third-party providers" {
  external Stripe "Payment API" {
    kind service
    exempt R "Every capture is answered with a signed receipt that we store"
  }
}

flow Checkout: Customer -> Api "checkout request" {
  protocol HTTPS
  carries credentials, pii
  authn "short-lived session token"
  authz "cart must belong to the caller"
  validation "JSON schema; total recomputed server-side"
}
flow SaveOrder: Api -> Orders { protocol SQL }
flow Enqueue: Api -> Jobs { protocol AMQP }
flow Dequeue: Jobs -> Worker { protocol AMQP }
flow Charge: Worker -> Stripe "capture payment" {
  protocol HTTPS
  carries financial
  authn "API key from the secret store"
  authz none
  validation "verify the response signature"
}
flow Record: Worker -> Audit "append event" { protocol SQL }

threat T1 "Logged-in user reads another user's invoice" {
  on Api, Orders
  stride I, E
  likelihood 3  impact 3
  mitigation "Row-level authorization in the invoice repository" done
  mitigation "Integration test for cross-user fetch" done ticket "PAY-142" owner "dana"
}

threat T2 "Stolen session cookie replays a checkout" {
  on Customer, Api, Checkout
  stride S, I
  likelihood 2  impact 3
  mitigation "Session cookies are HttpOnly, Secure, SameSite=strict" done
  mitigation "Re-authenticate before saving a new card" done
}

threat T3 "Customer disputes a charge they made" {
  on Customer
  stride R
  likelihood 2  impact 2
  transferred "Chargeback evidence and disputes are handled by the provider" to "Stripe"
}

threat T4 "Audit log tampered with after the fact" {
  on Audit
  stride T, R
  likelihood 1  impact 3
  accepted "DB admins are a trusted, audited group of three" by "security-lead" ticket "SEC-31" date "2026-10-14"
}

threat T5 "Checkout flood exhausts the API and the database" {
  on Api, Orders, Checkout
  stride D
  likelihood 2  impact 2
  mitigation "Per-session rate limit at the gateway" done
  mitigation "Connection pool cap with back-pressure" in-progress owner "sre"
}

threat T6 "Client edits the order total" {
  on Checkout, Api
  stride T
  likelihood 3  impact 3
}

threat T7 "Order rows altered or read through SQL injection" {
  on Orders, SaveOrder
  stride T, I
  likelihood 1  impact 3
  mitigation "Parameterised queries only; lint rule bans string-built SQL" done
}

threat T8 "Forged provider webhook marks an order paid" {
  on Stripe, Charge
  stride S, T
  likelihood 2  impact 3
  mitigation "Verify the provider's signature on every response" done
}

threat T9 "Provider outage blocks captures" {
  on Charge, Stripe
  stride D
  likelihood 2  impact 2
  accepted "Captures retry from the queue for 72 hours; orders stay reserved meanwhile" by "payments-lead"
}

threat T10 "Payment details leak in transit to the provider" {
  on Charge
  stride I
  likelihood 1  impact 3
  mitigation "HTTPS with certificate pinning to the provider" done
}

threat T11 "Operator denies refunding an order" {
  on Api
  stride R
  likelihood 1  impact 2
  mitigation "Every refund is written to the audit log with the operator's id" done
}

attack Invoices "Read another user's invoices" {
  realizes T1
  or {
    "Hijack the target's session" or {
      "Steal the session cookie via XSS" cost medium
      "Phish the user's password" cost medium
    }
    "Change the id in /api/invoices/{id}" cost high
    "Read the database directly" or {
      "SQL injection on a search field" cost high
      "Leaked DB credentials in a repo" cost low
    }
  }
}
