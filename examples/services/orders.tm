// The orders service: takes orders routed by the platform's gateway, stores them and publishes
// "order placed" on the platform's event bus. Its flows cross from its own boundary into the
// platform's: the controls they need, and their threats, are this file's to write.
import "../platform/gateway.tm"
import "../platform/bus.tm"

model "Orders service" {
  owner "orders-team"
  reviewed "2026-11-12"
  description "Order intake and storage; the first half of checkout."
}

boundary Orders "Orders service" {
  kind execution-environment
  trust medium
  process OrdersApi "Orders API" { kind api  privilege service  technology "Go 1.23" }
  store OrdersDb "Orders DB" { kind database  holds pii, financial  encrypted  technology "PostgreSQL 16" }
}

flow Route: Gateway -> OrdersApi "order request" {
  protocol HTTPS
  carries pii, financial
  authn "gateway's mTLS identity; the customer's token forwarded"
  authz "the order's customer must be the token's subject"
  validation "JSON schema; prices re-read from the catalogue"
}
flow SaveOrder: OrdersApi -> OrdersDb "store order" { protocol SQL  encrypted  carries pii, financial }
flow PublishOrder: OrdersApi -> bus.Broker "order placed" {
  protocol AMQP
  carries pii
  authn "the orders service's broker user"
  authz "may publish to the orders exchange only"
  validation "event schema checked by the producer library"
}

threat OrdSpoof "Order submitted on behalf of another customer" {
  on OrdersApi, Route
  stride S, T
  likelihood 2  impact 3
  mitigation "Customer id is taken from the verified token, never from the body" done
}

threat OrdRepudiation "Customer denies placing an order" {
  on OrdersApi
  stride R
  likelihood 2  impact 2
  transferred "Disputed orders follow the payment provider's chargeback process" to "Payments provider"
}

threat OrdLeak "Another customer's order read through the API" {
  on OrdersApi, OrdersDb, Route, SaveOrder
  stride I
  likelihood 2  impact 3
  mitigation "Row-level security keyed on the customer id" done
}

threat OrdFlood "Order flood exhausts the database" {
  on OrdersApi, OrdersDb, Route, SaveOrder
  stride D
  likelihood 2  impact 2
  mitigation "Per-customer order rate limit; connection pool cap" done
}

threat OrdPrivilege "SQL injection runs statements as the service's database user" {
  on OrdersApi, OrdersDb, SaveOrder
  stride T, E
  likelihood 1  impact 3
  mitigation "Parameterised queries only; the service user owns no other schema" done
}

threat OrdEventLeak "Order events with personal data read by other consumers of the bus" {
  on PublishOrder
  stride T, I, D
  likelihood 2  impact 3
}
