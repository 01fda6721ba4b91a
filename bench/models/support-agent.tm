// Written for the diagram benchmark (docs/diagram.md, Readability) as a model the layout had not
// been tuned on, and measured before it was added: a support platform whose agent orchestrator
// calls a hosted LLM, a vector store and tools, with an audit log and a hand-off to people.
model "Support agent with tools"

external Customer "Customer" { kind user }
external Agent "Human agent" { kind user }
external LlmApi "Hosted LLM" { kind service }
external Crm "CRM (SaaS)" { kind service }

boundary App "Support platform" {
  process Chat "Chat frontend"
  process Orchestrator "Agent orchestrator"
  process Guard "Moderation and guardrails"
  process Tools "Tool runner"
  process Indexer "Document indexer"
  store Vectors "Vector store" { kind database }
  store Tickets "Tickets" { kind database }
  store Docs "Help articles" { kind file }
  store Audit "Audit log" { kind log }
}

flow Ask: Customer -> Chat "question"
flow ToOrch: Chat -> Orchestrator "conversation"
flow Screen: Orchestrator -> Guard "screen input and output"
flow Prompt: Orchestrator -> LlmApi "prompt"
flow Completion: LlmApi -> Orchestrator "completion, tool calls"
flow Retrieve: Orchestrator -> Vectors "similarity search"
flow Call: Orchestrator -> Tools "tool call"
flow Lookup: Tools -> Crm "customer lookup"
flow Ticket: Tools -> Tickets "create ticket"
flow Handoff: Tools -> Agent "escalation"
flow Read: Docs -> Indexer "articles"
flow Embed: Indexer -> Vectors "embeddings"
flow Log: Orchestrator -> Audit "transcript"
flow Answer: Orchestrator -> Chat "answer"
