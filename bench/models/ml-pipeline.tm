// A long pipeline, written for the diagram benchmark (issue #20: models the layout was not
// tuned on): a machine-learning system from collection to serving, twelve stages one after
// another across four zones, each with its store on the side.
model "Credit-scoring model pipeline (long pipeline)"

external Sources "Bank systems" { kind service }
external Analyst "Risk analyst" { kind user }
external Applicant "Loan applicant" { kind user }

boundary Ingest "Ingestion" {
  process Collector "Collector"
  store Landing "Landing zone" { kind bucket }
  process Validator "Schema validator"
}

boundary Lake "Data lake" {
  process Cleaner "Cleaner"
  store Curated "Curated tables" { kind database }
  process Features "Feature builder"
  store FeatureStore "Feature store" { kind database }
}

boundary Training "Training" {
  process Trainer "Trainer"
  process Evaluator "Evaluator"
  store Registry "Model registry" { kind bucket }
}

boundary Serving "Serving" {
  process Deployer "Deployer"
  process Scoring "Scoring API"
  store Decisions "Decision log" { kind log }
}

flow Extract: Sources -> Collector "nightly extracts" { protocol SFTP  carries pii, financial }
flow Land: Collector -> Landing "raw files" { protocol HTTPS }
flow Check: Landing -> Validator "raw files"
flow Accept: Validator -> Cleaner "valid records"
flow Clean: Cleaner -> Curated "clean rows" { protocol SQL }
flow Build: Curated -> Features "rows" { protocol SQL }
flow Publish: Features -> FeatureStore "features" { protocol SQL }
flow Train: FeatureStore -> Trainer "training set"
flow Candidate: Trainer -> Evaluator "candidate model"
flow Register: Evaluator -> Registry "approved model"
flow Approve: Analyst -> Evaluator "sign-off" { protocol HTTPS  carries credentials  returns internal }
flow Deploy: Registry -> Deployer "model artefact"
flow Load: Deployer -> Scoring "model"
flow Lookup: Scoring -> FeatureStore "applicant features" { protocol SQL  returns pii }
flow Apply: Applicant -> Scoring "application" { protocol HTTPS  carries pii, financial  returns internal }
flow Record: Scoring -> Decisions "decisions"

threat Poisoning "Training data poisoned at the landing zone" { on Ingest, Landing  stride T  likelihood 2  impact 3 }
