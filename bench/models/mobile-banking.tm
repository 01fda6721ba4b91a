// Written for the diagram benchmark (docs/diagram.md, Readability) after the layout work of issue
// #20 had begun, in a shape it was not tuned on: a mobile banking app, its DMZ and core banking
// services with a ledger, an HSM and an event bus.
model "Mobile banking"

external Customer "Customer" { kind user }
external SmsGateway "SMS provider" { kind service }
external CardNetwork "Card network" { kind service }

boundary Device "Customer's phone" {
  process App "Banking app"
  store Keychain "Keychain" { kind file }
}

boundary Dmz "DMZ" {
  process Gateway "API gateway"
  process Waf "WAF"
}

boundary Core "Core banking network" {
  process Auth "Auth service"
  process Accounts "Accounts service"
  process Payments "Payments service"
  process Fraud "Fraud scoring"
  process Notify "Notification service"
  store Ledger "Ledger" { kind database }
  store Hsm "HSM" { kind database }
  store Events "Event bus" { kind queue }
}

flow Use: Customer -> App "taps"
flow Keys: App -> Keychain "store refresh token"
flow Call: App -> Waf "API calls" { protocol HTTPS }
flow Filtered: Waf -> Gateway "filtered calls"
flow Login: Gateway -> Auth "login"
flow Balance: Gateway -> Accounts "balance"
flow Pay: Gateway -> Payments "payment"
flow Score: Payments -> Fraud "score payment"
flow Sign: Payments -> Hsm "sign"
flow Post: Payments -> Ledger "post entry"
flow Read: Accounts -> Ledger "read balance"
flow Emit: Payments -> Events "payment made"
flow Consume: Events -> Notify "payment made"
flow Sms: Notify -> SmsGateway "one-time code, receipt"
flow Otp: Auth -> Notify "send one-time code"
flow Settle: Payments -> CardNetwork "settlement"
flow Chargeback: CardNetwork -> Payments "chargeback"
flow FraudRead: Fraud -> Ledger "history"
