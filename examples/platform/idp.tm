// The platform's identity provider: customers sign in here, and the gateway and the services
// check tokens against it. A library: services import it (directly, or through the gateway)
// and its threats apply wherever its elements are used.
model "Platform: identity provider" {
  owner "platform-security"
  reviewed "2026-11-02"
  description "Sign-in, token issuance and token introspection for every service."
}

boundary Identity "Identity platform" {
  kind network
  trust high
  process Login "Sign-in and token service" { kind identity-provider  privilege service  technology "Keycloak 26" }
  store Accounts "Account store" { kind database  holds credentials, pii  encrypted  technology "PostgreSQL 16" }
  store SigningKeys "Token signing keys" { kind bucket  holds secrets  encrypted }
}

flow ReadAccounts: Login -> Accounts "look up account" { protocol SQL  encrypted  carries credentials, pii }
flow ReadKeys: Login -> SigningKeys "load signing key" { protocol HTTPS  carries secrets }

threat IdpSpoof "Forged token accepted as one the platform issued" {
  on Login
  stride S, E
  likelihood 2  impact 3
  mitigation "Tokens are signed with keys that never leave the key store; verifiers pin the issuer" done
}

threat IdpTamper "Sign-in service image or configuration altered" {
  on Login
  stride T
  likelihood 1  impact 3
  mitigation "Signed images, admission control, configuration from git only" done
}

threat IdpRepudiate "Administrator denies changing a client's scopes" {
  on Login
  stride R
  likelihood 1  impact 2
  mitigation "Every admin action goes to the security event log" done
}

threat IdpCredentialLeak "Password hashes or personal data read from the account store" {
  on Login, Accounts, ReadAccounts
  stride I
  likelihood 1  impact 3
  mitigation "Argon2id hashes, encrypted volume, database reachable from the sign-in service only" done
}

threat IdpOutage "Sign-in unavailable stops every service's logins" {
  on Login, Accounts
  stride D
  likelihood 2  impact 3
  mitigation "Three replicas across zones; tokens stay valid for 10 minutes through an outage" in-progress owner "sre"
}

threat IdpAccountsTamper "Account rows altered to take over a login" {
  on Accounts, ReadAccounts
  stride T
  likelihood 1  impact 3
  mitigation "Schema owned by the sign-in service; no other writer has a grant" done
}

threat IdpKeyTheft "Signing key copied out of the key store" {
  on SigningKeys, ReadKeys
  stride T, I, D
  likelihood 1  impact 3
  mitigation "Keys live in an HSM-backed store; the service holds a handle, never the key" done
}
