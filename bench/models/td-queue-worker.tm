// The shape of Threat Dragon's v2 demo model (OWASP/threat-dragon): a web application with a
// queue-decoupled worker, written in tm for the diagram benchmark, in our own words.
model "Queue and worker (after Threat Dragon's v2 demo)"

external Browser "Browser" { kind user }

boundary App "Application servers" {
  process Web "Web application"
  process Worker "Background worker"
  store WebConfig "Web configuration" { kind file }
  store WorkerConfig "Worker configuration" { kind file }
}

boundary Data "Data tier" {
  store Db "Database" { kind database }
  store Queue "Message queue" { kind queue }
}

flow Request: Browser -> Web "web request" { protocol HTTPS }
flow Response: Web -> Browser "web response" { protocol HTTPS }
flow Put: Web -> Queue "put message"
flow Take: Queue -> Worker "message"
flow WorkerResults: Db -> Worker "query results"
flow ReadWebConfig: WebConfig -> Web "read configuration"
flow ReadWorkerConfig: WorkerConfig -> Worker "read configuration"
flow Queries: Web -> Db "queries" { protocol SQL }
flow Results: Db -> Web "query results" { protocol SQL }
flow WorkerQueries: Worker -> Db "worker queries" { protocol SQL }
