// Written for the diagram benchmark (docs/diagram.md, Readability) as a model the layout had not
// been tuned on, and measured before it was added: a plant's control network in Purdue levels,
// five nested zones from the enterprise down to the field, with vendor remote access.
model "Plant control (Purdue levels)"

external Vendor "Vendor support" { kind user }
external Erp "Corporate ERP" { kind service }

boundary Enterprise "Enterprise zone (L4)" {
  process Historian2 "Corporate historian replica"
  boundary Idmz "Industrial DMZ (L3.5)" {
    process Jump "Jump host"
    process Relay "Historian relay"
    boundary Operations "Site operations (L3)" {
      process Historian "Plant historian"
      store HistDb "Historian database" { kind database }
      boundary Control "Control (L2)" {
        process Scada "SCADA server"
        process Hmi "HMI"
        boundary Field "Field (L1/L0)" {
          process Plc "PLC"
          external Sensors "Sensors and actuators" { kind device }
        }
      }
    }
  }
}

flow Remote: Vendor -> Jump "remote session"
flow JumpHmi: Jump -> Hmi "RDP"
flow Poll: Scada -> Plc "Modbus polls"
flow Values: Plc -> Scada "register values"
flow Io: Sensors -> Plc "signals"
flow Act: Plc -> Sensors "commands"
flow Operator: Hmi -> Scada "setpoints"
flow Display: Scada -> Hmi "process values"
flow Archive: Scada -> Historian "tags"
flow HistWrite: Historian -> HistDb "time series"
flow Replicate: Historian -> Relay "replication"
flow RelayOut: Relay -> Historian2 "replication"
flow Reports: Historian2 -> Erp "production reports"
