// A fleet of field sensors reporting over MQTT to a cloud backend, with an operator console
// that pushes firmware. Nested boundaries: the ingest VPC sits inside the cloud account.
// Left for the next review on purpose: the broker flood is open (fix now), a legacy gateway
// still sends its password over plain MQTT, the admin updater consumes a queue, the alert
// flow from the ingest VPC into the cloud account has no threats yet, and one control is a
// TODO stub.
model "Sensor fleet" {
  owner "platform-security"
  reviewed "2026-09-30"
  description "Field sensors publish readings; operators push firmware."
}

external Sensor "Field sensor" {
  kind device
  exempt R "Readings are signed per device; a sensor takes no action anyone could deny"
}
external Legacy "Legacy gateway (v1 firmware)" { kind device }
external Operator "Fleet operator" { kind user }

boundary Cloud "Cloud account" {
  boundary Ingest "Ingest VPC" {
    process Broker "MQTT broker" { privilege service }
    store Readings "Readings store" { kind database  holds internal }
  }
  process Console "Operator console" { privilege user }
  process Updater "Firmware updater" { privilege admin }
  store Firmware "Firmware bucket" { kind bucket  holds secrets  encrypted }
  store Events "Security events" {
    kind log
    exempt I "Events hold operator ids and action names, nothing confidential"
  }
  store Rollouts "Rollout queue" { kind queue }
}

flow Publish: Sensor -> Broker "telemetry" {
  protocol MQTTS
  carries internal
  authn "per-device X.509 certificate"
  authz "topic ACL per device"
  validation "payload schema, size cap 4 KiB"
}
flow LegacyPublish: Legacy -> Broker "telemetry (v1)" {
  protocol MQTT
  carries internal, credentials
  authn "shared fleet password"
  authz "topic ACL per gateway"
  validation "payload schema, size cap 4 KiB"
}
flow Persist: Broker -> Readings { protocol SQL }
flow Login: Operator -> Console "operator session" {
  protocol HTTPS
  carries credentials
  authn "SSO with MFA"
  authz "operator role"
  validation "form schema"
}
flow Schedule: Console -> Rollouts "schedule rollout" { protocol AMQPS }
flow Consume: Rollouts -> Updater "rollout job" { protocol AMQPS }
flow Fetch: Updater -> Firmware "read image" { protocol HTTPS }
flow Deliver: Updater -> Sensor "firmware image" {
  protocol HTTPS
  carries secrets
  authn "server certificate"
  authz none
  validation "image signature checked on device"
}
flow Audit: Console -> Events "operator actions" { protocol HTTPS }
flow Forward: Broker -> Console "alerts" {
  protocol gRPC
  authn "mTLS service identity"
  authz "alert topic only"
  validation "TODO: decide what the console checks"
}

threat F1 "Stolen device certificate publishes forged readings" {
  on Sensor, Publish, Legacy, LegacyPublish
  stride S, T
  likelihood 2  impact 2
  mitigation "Certificate revocation list checked by the broker" done
}

threat F2 "Malicious firmware pushed to the fleet" {
  on Updater, Deliver, Firmware
  stride T, E
  likelihood 2  impact 3
  mitigation "Images signed offline; devices verify before install" done
  mitigation "Two-person approval for rollouts" done ticket "FLEET-88"
}

threat F3 "Broker flooded by a compromised device" {
  on Broker, Publish, LegacyPublish
  stride D
  likelihood 3  impact 2
}

threat F4 "Operator denies starting a rollout" {
  on Operator, Console, Events
  stride R
  likelihood 1  impact 2
  transferred "Console actions are recorded by the SSO provider's audit trail" to "identity team"
}

threat F5 "Readings or firmware read by another tenant" {
  on Readings, Firmware, Publish, Deliver, LegacyPublish
  stride I
  likelihood 1  impact 3
  mitigation "Per-tenant buckets and database schemas; IAM denies cross-tenant reads" done
}

threat F6 "Legacy gateways expose the shared fleet password" {
  on LegacyPublish, Legacy
  stride I, R
  likelihood 2  impact 2
  mitigation "Migrate v1 gateways to MQTTS and per-device certificates" in-progress ticket "FLEET-120"
}

threat F7 "Console session hijacked" {
  on Console, Login, Operator
  stride S, T, I, E
  likelihood 1  impact 3
  mitigation "SSO with phishing-resistant MFA; session bound to device" done
}

threat F8 "Event log or readings deleted or filled" {
  on Events, Readings, Firmware, Console, Login, Deliver
  stride T, D
  likelihood 1  impact 2
  accepted "Daily snapshots; the fleet keeps working without the console" by "platform-lead"
}

threat F9 "Rollout queue poisoned to run jobs as admin" {
  on Rollouts, Updater
  stride T, I, D, S, R
  likelihood 1  impact 3
  mitigation "Only the console's service identity may publish to the queue" done
}

threat F10 "Broker exploited to reach the ingest VPC" {
  on Broker
  stride S, T, R, I, E
  likelihood 1  impact 3
  mitigation "Broker runs unprivileged in a container with a read-only root filesystem" done
}
