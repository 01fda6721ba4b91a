// Written for the diagram benchmark (docs/diagram.md, Readability) after the layout work of issue
// #20 had begun, in a shape it was not tuned on: a hospital's EHR and HL7 integration engine with
// lab, imaging (nested VLAN), pharmacy, insurer and a hosted patient portal.
model "Hospital integration"

external Clinician "Clinician" { kind user }
external Patient "Patient" { kind user }
external Pharmacy "Retail pharmacy" { kind service }
external Insurer "Insurer" { kind service }

boundary Hospital "Hospital network" {
  process Ehr "EHR"
  process Engine "Integration engine"
  process Lab "Lab system"
  store EhrDb "Clinical records" { kind database }
  boundary Imaging "Imaging VLAN" {
    process Pacs "PACS"
    store Images "Image archive" { kind file }
  }
}

boundary Portal "Patient portal (hosted)" {
  process PortalApp "Portal"
  store PortalDb "Portal database" { kind database }
}

flow Chart: Clinician -> Ehr "charting"
flow Records: Ehr -> EhrDb "records"
flow Orders: Ehr -> Engine "HL7 orders"
flow LabOrder: Engine -> Lab "lab orders"
flow LabResult: Lab -> Engine "results"
flow Results: Engine -> Ehr "results"
flow ImgOrder: Engine -> Pacs "imaging orders"
flow Store: Pacs -> Images "DICOM"
flow ImgReport: Pacs -> Engine "reports"
flow Rx: Engine -> Pharmacy "e-prescriptions"
flow Claims: Engine -> Insurer "claims"
flow Sync: Engine -> PortalApp "summaries"
flow PortalStore: PortalApp -> PortalDb "summaries"
flow View: Patient -> PortalApp "view records"
flow Messages: PortalApp -> Engine "patient messages"
