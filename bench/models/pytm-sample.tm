// The shape of pytm's sample model (OWASP/pytm, tm.py), written in tm for the diagram
// benchmark: the same elements, boundaries and flows, in our own words.
model "Comment service (after pytm's sample)"

boundary Internet "Internet" {
  external User "User" { kind user }
}

boundary Vpc "Cloud VPC" {
  process Web "Web server"
  process Cleaner "Serverless cleaner"
  process Moderator "Moderation model"
  process Assistant "Writing assistant model"
}

boundary ServerDb "Server and databases" {
  store Comments "Comments database" { kind database }
  process Identities "Identity service"
  process Agent "Moderation agent"
}

flow PostComment: User -> Web "post a comment" { protocol HTTPS }
flow ShowComments: Web -> User "comments page" { protocol HTTPS }
flow InsertComment: Web -> Comments "insert comment" { protocol SQL }
flow ReadComments: Comments -> Web "read comments" { protocol SQL }
flow VerifyIdentity: Comments -> Identities "verify identity" { protocol SQL }
flow Clean: Cleaner -> Comments "periodic clean-up" { protocol SQL }
flow AskModeration: Web -> Moderator "moderate comment" { protocol HTTPS }
flow Verdict: Moderator -> Web "moderation verdict" { protocol HTTPS }
flow AskAssistant: Web -> Assistant "suggest wording" { protocol HTTPS }
flow Suggestion: Assistant -> Web "suggestion" { protocol HTTPS }
flow History: Agent -> Comments "comment history" { protocol SQL }
