// The shape of Threat Dragon's IoT device demo (OWASP/threat-dragon), written in tm for the
// diagram benchmark: the same elements and flows, in our own words.
model "Home device (after Threat Dragon's IoT demo)"

external Owner "Device owner" { kind user }

boundary Home "Home network" {
  process Browser "Browser"
  process Mobile "Mobile app"
  process Script "Owner's script"
  boundary Device "Device" {
    process Firmware "Device firmware"
    process LocalApi "Local API"
  }
}

boundary Cloud "Vendor cloud" {
  process Site "Web site"
  store Db "Device database" { kind database }
  process CloudApi "Cloud API"
  process Integration "Cloud integration"
}

external Feeds "Social and weather feeds" { kind service }

flow RunScript: Owner -> Script "run"
flow UseBrowser: Owner -> Browser "browse"
flow UseMobile: Owner -> Mobile "tap"
flow Broadcast: Firmware -> Mobile "broadcast"
flow ScriptCall: Script -> LocalApi "call" { protocol HTTP }
flow MobileCall: Mobile -> LocalApi "call" { protocol HTTP }
flow VisitSite: Browser -> Site "visit" { protocol HTTPS }
flow Report: Firmware -> CloudApi "report" { protocol HTTPS }
flow Command: CloudApi -> Firmware "send command" { protocol HTTPS }
flow StoreReport: CloudApi -> Db "store"
flow SiteData: Site -> Db "read and write"
flow SiteIntegration: Site -> Integration "integrate"
flow FetchFeeds: Integration -> Feeds "fetch"
flow StoreFeeds: Integration -> Db "store"
