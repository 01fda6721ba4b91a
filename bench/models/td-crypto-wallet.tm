// The shape of Threat Dragon's cryptocurrency wallet demo (OWASP/threat-dragon), written in tm
// for the diagram benchmark: the same elements and flows, in our own words.
model "Wallet and exchange (after Threat Dragon's wallet demo)"

external Owner "Wallet owner" { kind user }
external Chain "Blockchain network" { kind service }

boundary Desktop "Owner's computer" {
  process Gui "Wallet GUI"
  process Wallet "Wallet core"
  process Daemon "Wallet daemon"
}

process Browser "Browser"
process Mobile "Mobile app"
process Bot "Trading bot"
process Electrum "Electrum server"

boundary Exchange "Exchange" {
  process Site "Exchange web site"
  process Backend "Exchange backend"
  process Api "Exchange API"
  process Integration "Chain integration"
  store Mongo "Orders store" { kind database }
  store Users "Users and settings" { kind database }
}

flow UseGui: Owner -> Gui "use"
flow UseBrowser: Owner -> Browser "browse"
flow UseMobile: Owner -> Mobile "tap"
flow Rpc: Browser -> Daemon "JSON RPC" { protocol HTTP }
flow DaemonCall: Daemon -> Wallet "call"
flow GuiCall: Gui -> Wallet "call"
flow Spv: Electrum -> Chain "SPV"
flow WalletSync: Wallet -> Electrum "JSON RPC" { protocol TLS }
flow VisitSite: Browser -> Site "visit" { protocol HTTPS }
flow Trade: Browser -> Backend "trade" { protocol HTTPS }
flow BackendApi: Backend -> Api "orders" { protocol HTTP }
flow BotTrade: Bot -> Api "orders" { protocol WSS }
flow MobileTrade: Mobile -> Api "orders" { protocol HTTPS }
flow SaveChain: Integration -> Mongo "save"
flow SaveOrders: Backend -> Mongo "save"
flow Settle: Backend -> Integration "settle"
flow ReadSettings: Integration -> Users "read settings"
