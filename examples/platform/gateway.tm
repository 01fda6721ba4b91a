// The platform's API gateway: the one way in from the internet. It imports the identity
// provider to verify tokens, so a service that imports the gateway composes the identity
// provider too (it names its elements only if it imports idp.tm itself).
import "idp.tm"

model "Platform: API gateway" {
  owner "platform-edge"
  reviewed "2026-11-10"
  description "TLS termination, token verification and routing to the services."
}

external Customer "Customer browser" { kind user }

boundary Edge "Edge network" {
  kind network
  trust low
  process Gateway "API gateway" { kind api  privilege service  technology "Envoy 1.32" }
}

flow SignIn: Customer -> Login "sign in" {
  protocol HTTPS
  carries credentials
  authn "password and WebAuthn"
  authz none
  validation "rate-limited form, CSRF token"
}
flow Request: Customer -> Gateway "API request" {
  protocol HTTPS
  carries pii
  authn "bearer token from the identity provider"
  authz "scopes checked per route"
  validation "request size and schema limits"
}
flow VerifyToken: Gateway -> idp.Login "token introspection" {
  protocol HTTPS
  carries credentials
  authn "mutual TLS with the gateway's client certificate"
  authz "the gateway's client may only introspect"
  validation "the response's issuer and audience"
}

threat GwSpoofCustomer "Stolen bearer token replayed by someone else" {
  on Customer, Request
  stride S
  likelihood 2  impact 3
  mitigation "Tokens live 10 minutes and are bound to the client's TLS session" done
}

threat GwRepudiation "Customer denies a request they made" {
  on Customer
  stride R
  likelihood 1  impact 2
  mitigation "Access log with the token's subject on every request" done
}

threat GwBypass "Request reaches a service around the gateway" {
  on Gateway
  stride S, E
  likelihood 1  impact 3
  mitigation "Services accept only the gateway's mTLS identity" done
}

threat GwConfigTamper "Routing table changed to send traffic elsewhere" {
  on Gateway, Request
  stride T
  likelihood 1  impact 3
  mitigation "Routes are deployed from git with review" done
}

threat GwRepudiateConfig "Operator denies a route change" {
  on Gateway
  stride R
  likelihood 1  impact 1
  mitigation "Route changes are commits" done
}

threat GwLeak "Tokens or personal data written to gateway logs" {
  on Gateway, Request, SignIn, VerifyToken
  stride I
  likelihood 2  impact 2
  mitigation "Authorization headers and bodies are redacted before logging" done
}

threat GwFlood "Request flood exhausts the gateway" {
  on Gateway, Request, SignIn, VerifyToken
  stride D
  likelihood 2  impact 2
  mitigation "Per-client rate limits and a CDN in front" done
}

threat GwTokenTamper "Introspection or sign-in answers altered in transit" {
  on SignIn, VerifyToken
  stride T
  likelihood 1  impact 3
  mitigation "TLS to the identity provider with its certificate pinned" done
}
