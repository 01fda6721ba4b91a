// Written for the diagram benchmark (docs/diagram.md, Readability) after the layout work of issue
// #20 had begun, in a shape it was not tuned on: Nine services of a shop with no boundaries, one
// frontend calling most of them.
model "Service mesh without boundaries"

external Client "Client" { kind user }
process Front "Frontend"
process Cart "Cart"
process Catalog "Catalog"
process Checkout "Checkout"
process Shipping "Shipping"
process Currency "Currency"
process Recs "Recommendations"
process Ads "Ads"
store CartDb "Cart store" { kind database }

flow Req: Client -> Front "HTTP"
flow FrontCart: Front -> Cart "get cart"
flow FrontCatalog: Front -> Catalog "list products"
flow FrontCheckout: Front -> Checkout "place order"
flow FrontCurrency: Front -> Currency "convert"
flow FrontRecs: Front -> Recs "recommend"
flow FrontAds: Front -> Ads "ads"
flow FrontShip: Front -> Shipping "quote"
flow CheckoutCart: Checkout -> Cart "empty cart"
flow CheckoutCatalog: Checkout -> Catalog "get product"
flow CheckoutCurrency: Checkout -> Currency "convert"
flow CheckoutShip: Checkout -> Shipping "ship order"
flow RecsCatalog: Recs -> Catalog "list products"
flow CartStore: Cart -> CartDb "read, write"
