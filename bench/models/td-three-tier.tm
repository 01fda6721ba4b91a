// The shape of Threat Dragon's three-tier web application demo (OWASP/threat-dragon), written
// in tm for the diagram benchmark: the same elements and flows, in our own words.
model "Three tiers (after Threat Dragon's three-tier demo)"

boundary Front "Front end" {
  process Ui "Web UI"
}
boundary Back "Back end" {
  process Service "Web service"
  store Db "Relational database" { kind database }
}

flow Call: Ui -> Service "API call" { protocol HTTPS }
flow Answer: Service -> Ui "API answer" { protocol HTTPS }
flow Query: Service -> Db "query" { protocol SQL }
