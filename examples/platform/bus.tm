// The platform's event bus: services publish domain events and consume each other's. A library
// with no flow into it of its own: the services' flows are what touch the broker.
model "Platform: event bus" {
  owner "platform-messaging"
  reviewed "2026-10-28"
  description "One broker cluster with durable queues, shared by every service."
}

boundary Messaging "Event bus" {
  kind execution-environment
  trust medium
  process Broker "Message broker" { kind message-broker  privilege service  technology "RabbitMQ 4" }
  store Queues "Durable queues" { kind queue  holds internal }
}

flow Persist: Broker -> Queues "persist messages" { protocol AMQP }

threat BusSpoof "A service publishes as another service" {
  on Broker
  stride S, E
  likelihood 2  impact 2
  mitigation "One broker user per service, with publish rights on its own exchanges only" done
}

threat BusTamper "Messages altered or replayed on the broker" {
  on Broker, Queues, Persist
  stride T
  likelihood 1  impact 3
  mitigation "Producers sign payloads; consumers drop unsigned or duplicate ids" planned owner "platform-messaging"
}

threat BusRepudiation "A service denies having published an event" {
  on Broker
  stride R
  likelihood 1  impact 2
  mitigation "The broker's firehose log keeps publisher and message id" done
}

threat BusSnoop "A service reads queues that are not its own" {
  on Broker, Queues, Persist
  stride I
  likelihood 2  impact 2
  mitigation "Queue permissions per service, reviewed quarterly" done
}

threat BusBacklog "A stuck consumer fills the disk and stops the broker" {
  on Broker, Queues, Persist
  stride D
  likelihood 2  impact 3
  mitigation "Queue length limits with dead-lettering; disk alarms page the on-call" done
}
