// A CI/CD pipeline: developers push to a Git host, runners build and test pull requests,
// a release job signs and publishes artefacts and deploys to production.
// Left on purpose: a TODO acceptance keeps a fix-now threat open, a deploy flow misses its
// boundary controls, and one threat is not scored yet.
model "CI/CD pipeline" {
  owner "build-infra"
  reviewed "2026-11-02"
  revisit "when self-hosted runners move to ephemeral VMs"
}

external Developer "Developer" { kind user }
external Contributor "Outside contributor" { kind user }

boundary Forge "Git hosting" {
  process Git "Git server" { privilege service }
  store Repos "Repositories" { kind database  holds internal }
}

boundary Runners "Self-hosted runners" {
  process PrRunner "Pull-request runner" {
    privilege user
    exempt S, R "Each job runs under the forge's per-job token, and the forge keeps its logs"
  }
  process ReleaseRunner "Release runner" {
    privilege service
    exempt R "Release jobs start only from signed tags, and the forge keeps their logs"
  }
  store Cache "Build cache" { kind cache }
  store Secrets "Signing keys and deploy tokens" { kind file  holds secrets  encrypted }
}

boundary Prod "Production" {
  process Deployer "Deploy agent" { privilege root }
}

boundary Public "Package registry" {
  store Registry "Published artefacts" { kind bucket  holds public }
}

flow Push: Developer -> Git "git push" {
  protocol SSH
  carries internal
  authn "SSH key with hardware token"
  authz "branch protection; reviews required on main"
  validation "pre-receive hooks reject large files and secrets"
}
flow Fork: Contributor -> Git "pull request from a fork" {
  protocol HTTPS
  carries internal
  authn "hosting account"
  authz "fork PRs get a read-only token and no secrets"
  validation none
}
flow Store: Git -> Repos { protocol SQL }
flow Checkout: Repos -> PrRunner "checkout PR head" {
  protocol HTTPS
  carries internal
  authn "per-job token"
  authz "read-only on the repository"
  validation none
}
flow ReleaseCheckout: Repos -> ReleaseRunner "checkout tag" {
  protocol HTTPS
  carries internal
  authn "per-job token"
  authz "tags on main only"
  validation "signed tag verified"
}
flow CacheWrite: PrRunner -> Cache "save cache"
flow CacheRead: Cache -> ReleaseRunner "restore cache"
flow Sign: Secrets -> ReleaseRunner "signing key"
flow Publish: ReleaseRunner -> Registry "upload artefact" {
  protocol HTTPS
  carries public
  authn "OIDC trusted publishing"
  authz "publish to our scope only"
  validation "provenance attestation"
}
flow Deploy: ReleaseRunner -> Deployer "deploy release" {
  protocol HTTPS
  carries secrets
  authn "deploy token"
}

threat C1 "Pull request from a fork steals deploy secrets" {
  on PrRunner, Checkout, Fork
  stride I, E
  likelihood 2  impact 3
  mitigation "Fork PRs run without secrets on a separate runner pool" done
}

threat C2 "Poisoned build cache reaches a release" {
  on Cache, CacheRead, ReleaseRunner
  stride T
  likelihood 2  impact 3
  accepted "TODO: decide whether release builds skip the cache" by "build-infra"
}

threat C3 "Signing key exfiltrated from the release runner" {
  on Secrets, ReleaseRunner, Sign
  stride I, S
  likelihood 1  impact 3
  mitigation "Keys in an HSM; the runner gets a signing session, never the key" planned ticket "BI-77"
}

threat C4 "Force-push rewrites release history" {
  on Git, Repos, Push
  stride T, R
  likelihood 1  impact 3
  mitigation "Branch and tag protection; force-push disabled on main" done
}

threat C5 "Runner exhausted by a crypto-mining pull request" {
  on PrRunner, Git
  stride D
}

threat C6 "Tampered artefact in the registry" {
  on Registry, Publish
  stride T, I, D
  likelihood 1  impact 3
  transferred "Registry integrity and availability are the registry operator's" to "package registry"
}

threat C7 "Deploy agent runs attacker-controlled release as root" {
  on Deployer, Deploy
  stride S, T, R, I, D, E
  likelihood 1  impact 3
  mitigation "Deployer verifies the artefact's provenance before installing" done
  mitigation "Deployer drops root after unpacking" in-progress owner "sre"
}

threat C8 "Impersonated developer pushes code" {
  on Developer, Contributor, Git, Fork
  stride S, R
  likelihood 1  impact 3
  mitigation "Hardware-backed SSH keys and signed commits required" done
}

threat C9 "Source code or build output leaks" {
  on Git, Repos, Push, ReleaseCheckout, Cache
  stride I
  likelihood 1  impact 2
  mitigation "Private repositories; caches scoped per repository and branch" done
}

threat C10 "Forge or runners unavailable" {
  on Repos, Cache, Secrets, Push, Fork, Checkout, ReleaseCheckout, ReleaseRunner
  stride D
  likelihood 2  impact 1
  accepted "A release can wait a day; the forge's SLA is 99.9%" by "build-infra"
}

threat C11 "A job escapes its runner" {
  on PrRunner, ReleaseRunner, Git
  stride E
  likelihood 1  impact 3
  mitigation "Runners are ephemeral containers without the Docker socket" done
}

threat C12 "One job tampers with another's workspace or checkout" {
  on PrRunner, Fork, Checkout, ReleaseCheckout, Secrets
  stride T
  likelihood 1  impact 2
  mitigation "A fresh workspace per job; checkouts verified against the commit hash" done
}

attack Release "Ship a backdoored release" {
  realizes C2
  or {
    "Poison the build cache from a fork PR" and {
      "Open a PR that writes the cache" cost trivial
      "Wait for the release to restore it" cost low
    }
    "Steal the signing key" or {
      "Dump the release runner's memory" cost high
      "Phish a maintainer" cost medium
    }
  }
}
