// Written for the diagram benchmark (docs/diagram.md, Readability) as a model the layout had not
// been tuned on, and measured before it was added: point-of-sale and self-checkout in a store
// network, payment hub, pricing and inventory at head office, a bank and a supplier.
model "Retail stores and head office"

external Shopper "Shopper" { kind user }
external Bank "Acquiring bank" { kind service }
external Supplier "Supplier portal" { kind service }

boundary Store "Store network" {
  process Pos "Point of sale"
  process Kiosk "Self-checkout"
  store LocalDb "Store database" { kind database }
}

boundary Hq "Head office" {
  process Inventory "Inventory service"
  process Pricing "Pricing service"
  process PayHub "Payment hub"
  process Reporting "Reporting"
  store Central "Central database" { kind database }
  store Warehouse "Data warehouse" { kind database }
}

flow Pay: Shopper -> Pos "card, basket"
flow SelfPay: Shopper -> Kiosk "card, basket"
flow PosDb: Pos -> LocalDb "sales"
flow KioskDb: Kiosk -> LocalDb "sales"
flow Auth: Pos -> PayHub "authorisation"
flow KioskAuth: Kiosk -> PayHub "authorisation"
flow Acquire: PayHub -> Bank "authorisation"
flow Prices: Pricing -> Pos "price list"
flow KioskPrices: Pricing -> Kiosk "price list"
flow Sync: LocalDb -> Inventory "stock movements"
flow Stock: Inventory -> Central "stock"
flow Orders: Inventory -> Supplier "purchase orders"
flow Etl: Central -> Reporting "extracts"
flow Load: Reporting -> Warehouse "facts"
