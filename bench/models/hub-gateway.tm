// A hub and its spokes, written for the diagram benchmark (issue #20: models the layout was not
// tuned on): one API gateway that every client reaches and that reaches every service, so one
// element carries most of the flows.
model "Retail API gateway (hub and spoke)"

external Web "Web shop" { kind user }
external Mobile "Mobile app" { kind user }
external Partner "Partner integrations" { kind service }
external Pos "Store tills" { kind service }

boundary Edge "Edge" {
  process Gateway "API gateway"
  process Auth "Token service"
}

boundary Services "Services" {
  process Catalog "Catalogue service"
  process Pricing "Pricing service"
  process Orders "Order service"
  process Stock "Stock service"
  process Loyalty "Loyalty service"
  store Events "Event log" { kind log }
}

external Payments "Payment provider" { kind service }

flow WebCalls: Web -> Gateway "shop calls" { protocol HTTPS  carries credentials  returns pii }
flow MobileCalls: Mobile -> Gateway "app calls" { protocol HTTPS  carries credentials  returns pii }
flow PartnerCalls: Partner -> Gateway "partner feed" { protocol HTTPS }
flow PosCalls: Pos -> Gateway "till calls" { protocol HTTPS  carries financial }
flow Tokens: Gateway -> Auth "check token" { protocol HTTPS  carries credentials  returns internal }
flow ToCatalog: Gateway -> Catalog "catalogue" { protocol gRPC  returns public }
flow ToPricing: Gateway -> Pricing "prices" { protocol gRPC }
flow ToOrders: Gateway -> Orders "orders" { protocol gRPC  carries pii }
flow ToStock: Gateway -> Stock "stock levels" { protocol gRPC }
flow ToLoyalty: Gateway -> Loyalty "points" { protocol gRPC  carries pii }
flow Log: Gateway -> Events "access log" { protocol TCP }
flow Charge: Orders -> Payments "charge" { protocol HTTPS  carries financial  returns financial }

threat GatewayDos "Gateway exhausted by one client" { on Gateway  stride D  likelihood 3  impact 2 }
threat EdgeExposed "Edge reachable without WAF" { on Edge  stride T  likelihood 2  impact 2 }
