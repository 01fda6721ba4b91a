// The billing service: consumes "order placed" from the platform's event bus, charges the
// customer through a payment provider and serves invoices through the platform's gateway. It
// fetches its own service token from the identity provider, which it imports under an alias.
import "../platform/gateway.tm"
import "../platform/bus.tm"
import "../platform/idp.tm" as Idp

model "Billing service" {
  owner "billing-team"
  reviewed "2026-11-05"
  description "Charging, invoices and refunds; the second half of checkout."
}

boundary Billing "Billing service" {
  kind execution-environment
  trust medium
  process Biller "Billing worker" { kind worker  privilege service  technology "Kotlin, Spring Boot 3" }
  store Invoices "Invoice store" { kind database  holds pii, financial  encrypted }
}

boundary Provider "Payment provider" {
  external Psp "Payment API" { kind service }
}

flow ConsumeOrders: Biller -> Broker "consume order placed" {
  protocol AMQP
  carries internal
  authn "the billing service's broker user"
  validation "event schema; unknown order ids dropped"
}
flow ServiceToken: Biller -> Idp.Login "client-credentials token" {
  protocol HTTPS
  carries credentials
  authn "client secret from the secret store"
  authz none
  validation "token signature and issuer"
}
flow Charge: Biller -> Psp "capture payment" {
  protocol HTTPS
  carries financial
  authn "provider API key"
  authz none
  validation "provider's response signature"
  exempt I "Only a payment token and an amount travel; card data never reaches billing"
}
flow StoreInvoice: Biller -> Invoices { protocol SQL  encrypted  carries pii, financial }
flow ShowInvoice: Gateway -> Biller "invoice request" {
  protocol HTTPS
  carries pii
  authn "gateway's mTLS identity; the customer's token forwarded"
  authz "the invoice's customer must be the token's subject"
  validation "invoice id format"
}

threat BilSpoof "Forged order event triggers a charge" {
  on Biller, ConsumeOrders
  stride S, T
  likelihood 2  impact 3
  mitigation "Charges only for orders read back from the orders service's API" in-progress owner "billing-team"
}

threat BilRepudiation "Customer disputes a charge" {
  on Biller, Psp
  stride R
  likelihood 2  impact 2
  transferred "Chargebacks are handled by the payment provider" to "Payment provider"
}

threat BilProviderSpoof "Forged provider answer marks a payment captured" {
  on Psp, Charge
  stride S, T
  likelihood 1  impact 3
  mitigation "Provider responses verified against its published key" done
}

threat BilEvents "Order events read or dropped on their way to billing" {
  on ConsumeOrders
  stride I, D
  likelihood 1  impact 2
  mitigation "Queue permissions per service; unacknowledged events are redelivered" done
}

threat BilTokenTheft "Service token stolen or forged between billing and the identity provider" {
  on ServiceToken
  stride T, I, D
  likelihood 1  impact 3
  mitigation "TLS to the identity provider; tokens live 5 minutes and are bound to the client" done
}

threat BilLeak "Invoices read by another customer" {
  on Biller, Invoices, ShowInvoice, StoreInvoice
  stride I
  likelihood 2  impact 3
  mitigation "Row-level security keyed on the customer id" done
}

threat BilTamper "Invoice amounts changed after issue" {
  on Invoices, StoreInvoice, ShowInvoice
  stride T
  likelihood 1  impact 3
  mitigation "Invoices are append-only; corrections are credit notes" done
}

threat BilOutage "Provider or database outage stops billing" {
  on Biller, Invoices, Charge, StoreInvoice, ShowInvoice
  stride D
  likelihood 2  impact 2
  accepted "Billing retries from the queue for 72 hours; orders stay reserved" by "billing-lead" date "2026-11-05"
}

threat BilPrivilege "Billing worker abused to issue refunds" {
  on Biller
  stride E
  likelihood 1  impact 3
  mitigation "Refunds need a second operator's approval in the back office" done
}
