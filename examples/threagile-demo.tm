// Threagile's demo model (github.com/Threagile/threagile, demo/example/threagile.yaml: "Some
// Example Application"), translated into tm by hand. What maps, and how:
// - data assets are `data` declarations: confidentiality public/internal stay, restricted and
//   confidential are `confidential`, strictly-confidential is `restricted`; integrity and
//   availability archive → low, operational → medium, important → high, critical and
//   mission-critical → critical (docs/threagile.md). A category is written only where
//   Threagile's own text names the kind of data (contracts: financial data and PII; accounts:
//   credentials); its justification is the description.
// - technical assets are externals, processes and stores, with their technology (and tags) as
//   `technology`, its kind where tm has one, a datastore's encryption as `encrypted`, and
//   `out-of-scope` with Threagile's justification. The two assets with `internet: true` sit
//   outside every boundary: tm reads exposure from the boundaries a flow crosses.
// - trust boundaries are boundaries, nested as Threagile nests them, their type as `kind`.
// - communication links are flows: authentication → `authn`, authorization → `authz`, data
//   sent → `carries`, data received → `returns` (the reply on the same link, no flow of its
//   own). Threagile records no input validation, so tm asks for it where a link crosses.
// - risk tracking is decisions with Threagile's ticket, checker and date; the individual risks
//   are threats. Threagile's rule-based risks are computed by Threagile, not written in its
//   model: only the tracked ones appear, on the assets and links the rule is about.
// - abuse cases are attacks: an attacker's goal, not yet broken down into steps.
// Left out, as tm has no construct for them: shared runtimes (a comment on each asset), the
// C/I/A ratings of technical assets, data formats accepted, tags that are not technology.
//
// Management summary: "Just some more custom summary possible here..."
// Business criticality: important.
// Technical overview: "Some more demo text here and even images..."
// Security requirements:
//   Input Validation: strict input validation is required to reduce the overall attack surface.
//   Securing Administrative Access: administrative access must be secured with strong
//     encryption and multi-factor authentication.
//   EU-DSGVO: mandatory EU-Datenschutzgrundverordnung.
// Questions:
//   How are the admin clients managed/protected against compromise? (unanswered)
//   How are the development clients managed/protected against compromise? Managed by XYZ
//   How are the build pipeline components managed/protected against compromise? Managed by XYZ
model "Some Example Application" {
  owner "John Doe"
  reviewed "2020-07-01"
  description "Some more demo text here and even images..."
  refs "https://github.com/Threagile/threagile"
}

// ── Data assets ──────────────────────────────────────────────────────────────────────────────

data CustomerContracts "Customer Contracts" {
  sensitivity confidential  category pii, financial  integrity critical  availability medium
  description "Customer Contracts (PDF). Contract data might contain financial data as well as personally identifiable information (PII). The integrity and availability of contract data is required for clearing payment disputes."
}
data ContractSummaries "Customer Contract Summaries" {
  sensitivity confidential  integrity medium  availability medium
  description "Customer Contract Summaries. Just some summaries."
}
data CustomerOperationalData "Customer Operational Data" {
  sensitivity confidential  integrity critical  availability critical
  description "Customer operational data for using the portal are required to be available to offer the portal functionality and are used in the backend transactions."
}
data CustomerAccounts "Customer Accounts" {
  sensitivity restricted  category credentials  integrity critical  availability critical
  description "Customer Accounts (including transient credentials when entered for checking them). Customer account data for using the portal are required to be available to offer the portal functionality."
}
data InternalBusinessData "Some Internal Business Data" {
  sensitivity restricted  integrity critical  availability critical
  description "Internal business data of the ERP system used unrelated to the customer-facing processes: data used and/or generated during unrelated other use cases of the ERP system."
}
data ClientApplicationCode "Client Application Code" {
  sensitivity public  integrity critical  availability high
  description "Angular and other client-side code delivered by the application. The integrity of the public data is critical to avoid reputational damage."
}
data ServerApplicationCode "Server Application Code" {
  sensitivity internal  integrity critical  availability high
  description "API and other server-side code of the application. The integrity of the API code is critical to avoid reputational damage."
}
data BuildJobConfig "Build Job Config" {
  sensitivity confidential  integrity critical  availability medium
  description "Data for customizing of the build job system."
}
data MarketingMaterial "Marketing Material" {
  sensitivity public  integrity high  availability high
  description "Website and marketing data to inform potential customers and generate new leads."
}
data ErpLogs "ERP Logs" {
  sensitivity confidential  integrity low  availability low
  description "Logs generated by the ERP system. Logs should not contain PII data and are only required for failure analysis, i.e. they are not considered as hard transactional logs."
}
data ErpCustomizing "ERP Customizing Data" {
  sensitivity confidential  integrity critical  availability critical
  description "Data for customizing of the ERP system."
}
data DbDumps "Database Customizing and Dumps" {
  sensitivity restricted  integrity critical  availability critical
  description "Data for customizing of the DB system, which might include full database dumps."
}

// ── Technical assets on the internet ─────────────────────────────────────────────────────────

external CustomerClient "Customer Web Client" {
  kind user  technology "browser"
  description "The client used by the customer to access the system."
  out-of-scope "Owned and managed by end-user customer"
}
// Threagile: stores Client and Server Application Code (tm: only stores hold data).
external ExternalDevClient "External Development Client" {
  kind user  technology "devops-client (linux)"
  description "The clients used by external developers to create parts of the application code."
  out-of-scope "Owned and managed by external developers"
}

// ── Trust boundaries ─────────────────────────────────────────────────────────────────────────

boundary ApplicationNetwork "Application Network" {
  kind cloud-account                          // network-cloud-provider (aws)
  description "Application Network"
  process LoadBalancer "Load Balancer" {
    technology "load-balancer (HA-Proxy)"
    description "The correct configuration and reachability of the load balancer is mandatory for all customer and Company XYZ usages of the portal and ERP system."
  }
  boundary WebDmz "Web DMZ" {
    kind network                              // network-cloud-security-group
    description "Web DMZ"
    // Threagile: runs on the shared runtime "WebApp and Backoffice Virtualization" (vmware);
    // stores Client and Server Application Code.
    process ApacheWebserver "Apache Webserver" {
      kind web-app  technology "web-server (apache, linux, aws:ec2, container)"   // Threagile: machine container
      description "Apache Webserver hosting the API code and client-side code. The correct configuration and reachability of the web server is mandatory for all customer usages of the portal."
    }
    // Threagile: shared runtime "WebApp and Backoffice Virtualization"; stores Marketing Material.
    process MarketingCms "Marketing CMS" {
      kind web-app  technology "cms (linux, container)"   // Threagile: machine container
      description "CMS for the marketing content."
    }
  }
  boundary ErpDmz "ERP DMZ" {
    kind network                              // network-cloud-security-group (some-erp)
    description "ERP DMZ"
    // Threagile: shared runtime "WebApp and Backoffice Virtualization"; stores ERP Logs.
    process ErpSystem "Backoffice ERP System" {
      kind web-app  technology "erp (linux)"   // Threagile's erp is a web application
      description "ERP system. It contains business-relevant sensitive data for the leasing processes and eventually also for other Company XYZ internal processes."
    }
    // Threagile: shared runtime "WebApp and Backoffice Virtualization".
    store ContractFileServer "Contract File Server" {
      kind file  technology "file-server (linux, aws:s3)"
      holds CustomerContracts, ContractSummaries
      description "NFS Filesystem for storing the contract PDFs. The filesystem is also required to be available for storing new contracts of freshly generated customers."
    }
    // Threagile: shared runtime "WebApp and Backoffice Virtualization"; encryption: data with
    // a symmetric shared key.
    store SqlDatabase "Customer Contract Database" {
      kind database  technology "database (mysql, linux)"  encrypted
      holds CustomerAccounts, CustomerOperationalData, InternalBusinessData
      description "The database behind the ERP system. It contains business-relevant sensitive data for the leasing processes and eventually also for other Company XYZ internal processes."
    }
  }
  boundary AuthEnv "Auth Handling Environment" {
    kind execution-environment
    description "Auth Handling Environment"
    process IdentityProvider "Identity Provider" {
      kind identity-provider  technology "identity-provider (keycloak, jboss, linux)"
      description "Identity provider server. The auth data of the application."
    }
    // Threagile: encryption transparent.
    store LdapAuthServer "LDAP Auth Server" {
      kind database  technology "identity-store-ldap (linux)"  encrypted
      holds CustomerAccounts
      description "LDAP authentication server. The auth data of the application."
    }
  }
}

boundary DevNetwork "Development Network" {
  kind network                                // network-on-prem
  description "Development Network"
  // Threagile: stores Build Job Config, Client and Server Application Code and Marketing Material.
  process JenkinsBuildServer "Jenkins Build Server" {
    kind build-pipeline  technology "build-pipeline (jenkins, linux)"
    description "Jenkins build-server. The build pipeline might contain sensitive configuration values like backend credentials, certificates etc. and is therefore rated as confidential."
  }
  // Threagile: stores Client and Server Application Code.
  process GitRepo "Git Repository" {
    technology "sourcecode-repository (git, linux)"
    description "Git repository server. The code repo pipeline might contain sensitive configuration values like backend credentials, certificates etc. and is therefore rated as confidential."
  }
  external BackendAdminClient "Backend Admin Client" {
    kind user  technology "browser"
    description "The client used by Company XYZ to administer the system."
    out-of-scope "Owned and managed by ops provider"
  }
  external BackofficeClient "Backoffice Client" {
    kind user  technology "desktop"
    description "The client used by Company XYZ to administer and use the system."
    out-of-scope "Owned and managed by Company XYZ company"
  }
}

// ── Communication links ──────────────────────────────────────────────────────────────────────

flow CustomerTraffic: CustomerClient -> LoadBalancer "Customer Traffic" {
  protocol HTTPS
  authn "session id"  authz "end-user identity propagation"
  carries CustomerAccounts, CustomerOperationalData
  returns CustomerAccounts, CustomerOperationalData, CustomerContracts, ClientApplicationCode, MarketingMaterial
  description "Link to the load balancer"
}
flow ErpInternalAccess: BackofficeClient -> ErpSystem "ERP Internal Access" {
  protocol HTTPS
  authn "token"  authz "end-user identity propagation"
  carries InternalBusinessData
  returns CustomerContracts, InternalBusinessData
  description "Link to the ERP system, through a VPN"
}
flow MarketingCmsEditing: BackofficeClient -> MarketingCms "Marketing CMS Editing" {
  protocol HTTPS
  authn "token"  authz "end-user identity propagation"
  carries MarketingMaterial
  returns MarketingMaterial
  description "Link to the CMS for editing content, through a VPN"
}
flow ErpWebAccess: BackendAdminClient -> ErpSystem "ERP Web Access" {
  protocol HTTPS
  authn "token"  authz "technical user"
  carries ErpCustomizing
  returns ErpLogs
  description "Link to the ERP system (Web)"
}
// Threagile links the admin's client straight to the database; tm asks for the process between.
flow DbUpdateAccess: BackendAdminClient -> SqlDatabase "DB Update Access" {
  protocol SSH
  authn "client certificate"  authz "technical user"
  carries DbDumps
  returns DbDumps, ErpLogs, CustomerAccounts, CustomerOperationalData
  description "Link to the database (JDBC tunneled via SSH)"
}
flow UserManagementAccess: BackendAdminClient -> LdapAuthServer "User Management Access" {
  protocol LDAPS
  authn "credentials"  authz "technical user"
  carries CustomerAccounts
  returns CustomerAccounts
  description "Link to the LDAP auth server for managing users"
}
flow WebApplicationTraffic: LoadBalancer -> ApacheWebserver "Web Application Traffic" {
  protocol HTTP
  authn "session id"  authz "end-user identity propagation"
  carries CustomerAccounts, CustomerOperationalData
  returns CustomerAccounts, CustomerOperationalData, CustomerContracts, ClientApplicationCode
  description "Link to the web server"
}
flow CmsContentTraffic: LoadBalancer -> MarketingCms "CMS Content Traffic" {
  protocol HTTP
  authn none  authz none
  returns MarketingMaterial
  description "Link to the CMS server (read-only)"
}
flow ErpSystemTraffic: ApacheWebserver -> ErpSystem "ERP System Traffic" {
  protocol HTTPS
  authn "token"  authz "technical user"
  carries CustomerAccounts, CustomerOperationalData, InternalBusinessData
  returns CustomerAccounts, CustomerOperationalData, CustomerContracts, InternalBusinessData
  description "Link to the ERP system"
}
flow AuthCredentialCheckTraffic: ApacheWebserver -> IdentityProvider "Auth Credential Check Traffic" {
  protocol HTTPS
  authn "credentials"  authz "technical user"
  carries CustomerAccounts
  description "Link to the identity provider server"
}
flow LdapCredentialCheckTraffic: IdentityProvider -> LdapAuthServer "LDAP Credential Check Traffic" {
  protocol LDAPS
  authn "credentials"  authz "technical user"
  carries CustomerAccounts
  description "Link to the LDAP server"
}
flow AuthTraffic: MarketingCms -> LdapAuthServer "Auth Traffic" {
  protocol LDAP
  authn "credentials"  authz "technical user"
  carries CustomerAccounts
  returns CustomerAccounts
  description "Link to the LDAP auth server (read-only)"
}
flow DatabaseTraffic: ErpSystem -> SqlDatabase "Database Traffic" {
  protocol JDBC
  authn "credentials"  authz "technical user"
  carries CustomerAccounts, CustomerOperationalData, InternalBusinessData
  returns CustomerAccounts, CustomerOperationalData, InternalBusinessData
  description "Link to the DB system"
}
flow NfsFilesystemAccess: ErpSystem -> ContractFileServer "NFS Filesystem Access" {
  protocol NFS
  authn none  authz none
  carries CustomerContracts
  returns CustomerContracts
  description "Link to the file system"
}
flow GitRepoCodeWriteAccess: ExternalDevClient -> GitRepo "Git-Repo Code Write Access" {
  protocol SSH
  authn "client certificate"  authz "technical user"
  carries ClientApplicationCode, ServerApplicationCode
  returns ClientApplicationCode, ServerApplicationCode
  description "Link to the Git repo"
}
flow GitRepoWebUiAccess: ExternalDevClient -> GitRepo "Git-Repo Web-UI Access" {
  protocol HTTPS
  authn "token"  authz "technical user"
  carries ClientApplicationCode, ServerApplicationCode
  returns ClientApplicationCode, ServerApplicationCode
  description "Link to the Git repo"
}
flow JenkinsWebUiAccess: ExternalDevClient -> JenkinsBuildServer "Jenkins Web-UI Access" {
  protocol HTTPS
  authn "credentials"  authz "technical user"
  carries BuildJobConfig
  returns BuildJobConfig
  description "Link to the Jenkins build server"
}
flow GitRepoCodeReadAccess: JenkinsBuildServer -> GitRepo "Git Repo Code Read Access" {
  protocol SSH
  authn "client certificate"  authz "technical user"
  returns ClientApplicationCode, ServerApplicationCode
  description "Link to the Git repository server (read-only)"
}
flow ApplicationDeployment: JenkinsBuildServer -> ApacheWebserver "Application Deployment" {
  protocol SSH
  authn "client certificate"  authz "technical user"
  carries ClientApplicationCode, ServerApplicationCode
  description "Link to the Apache webserver"
}
flow CmsUpdates: JenkinsBuildServer -> MarketingCms "CMS Updates" {
  protocol SSH
  authn "client certificate"  authz "technical user"
  carries MarketingMaterial
  description "Link to the CMS"
}

// ── Individual risks (Threagile's "Some Individual Risk Example", id something-strange) ───────
// Its mitigation advice: "Some text describing the mitigation..."; its check: "Check if XYZ...".

threat ExampleRiskDatabase "Example Individual Risk at Database" {
  on SqlDatabase
  stride R
  likelihood medium  impact medium            // likely, medium; severity critical
  description "Some text describing the risk category... Impact: some text describing the impact... Data breach probable, at the database."
  refs "CWE-693", "https://example.com"
}

threat ExampleRiskContractFilesystem "Example Individual Risk at Contract Filesystem" {
  on ContractFileServer
  stride R
  likelihood high  impact high                // frequent, very-high; severity medium
  description "Some text describing the risk category... Impact: some text describing the impact... Data breach improbable."
  refs "CWE-693", "https://example.com"
}

// ── Tracked risks (Threagile's risk_tracking, all checked by John Doe) ────────────────────────
// Threagile's rules rate these risks; tm does not run them, so they are unscored here.

threat UntrustedDeserialization "Untrusted Deserialization at the ERP system" {
  on ErpSystem
  stride T
  description "Threagile: untrusted-deserialization@erp-system. The ERP system accepts serialized data."
  refs "CWE-502"
  accepted "Risk accepted as tolerable" by "John Doe" ticket "XYZ-1234" date "2020-01-04"
}

threat LdapInjection "LDAP-Injection at the LDAP auth server" {
  on LdapAuthServer, UserManagementAccess, LdapCredentialCheckTraffic, AuthTraffic
  stride T
  description "Threagile: ldap-injection@*@ldap-auth-server@*, every LDAP link into the LDAP auth server."
  refs "CWE-90"
  mitigation "The hardening measures were implemented and checked" done owner "John Doe" ticket "XYZ-5678"   // 2020-01-05
}

threat UnencryptedAsset "Unencrypted technical assets" {
  on ContractFileServer, SqlDatabase, LdapAuthServer
  stride I
  description "Threagile: unencrypted-asset@*, the assets storing confidential data of critical integrity."
  refs "CWE-311"
  mitigation "The hardening measures were implemented and checked" done owner "John Doe" ticket "XYZ-1234"   // 2020-01-04
}

threat MissingSecondFactor "Missing Two-Factor Authentication (2FA)" {
  on ApacheWebserver, ErpSystem, MarketingCms, GitRepo, JenkinsBuildServer
  stride E
  description "Threagile: missing-authentication-second-factor@*@*@*, the assets human users reach across a trust boundary."
  refs "CWE-308"
  mitigation "The hardening measures were implemented and checked" done owner "John Doe" ticket "XYZ-1234"   // 2020-01-04
}

threat MissingHardening "Missing Hardening" {
  on LoadBalancer, ApacheWebserver, MarketingCms, ErpSystem, ContractFileServer, SqlDatabase, IdentityProvider,
    LdapAuthServer, JenkinsBuildServer, GitRepo
  stride T
  description "Threagile: missing-hardening@*, every in-scope technical asset its rule rates high enough."
  refs "CWE-16"
  mitigation "The hardening measures were implemented and checked" done owner "John Doe" ticket "XYZ-1234"   // 2020-01-04
}

threat DosAcrossTrustBoundary "DoS-risky Access Across Trust-Boundary" {
  on CustomerTraffic, ErpInternalAccess, ErpWebAccess, ErpSystemTraffic, DbUpdateAccess
  stride D
  description "Threagile: dos-risky-access-across-trust-boundary@*@*@*, the links across a trust boundary into the mission-critical load balancer, ERP system and database."
  refs "CWE-400"
  mitigation "The hardening measures are being implemented and checked" in-progress owner "John Doe" ticket "XYZ-1234"   // 2020-01-04
}

// ── Abuse cases ──────────────────────────────────────────────────────────────────────────────

attack DenialOfService "Denial-of-Service" {
  description "As a hacker I want to disturb the functionality of the backend system in order to cause indirect financial damage via unusable features."
}
attack CpuCycleTheft "CPU-Cycle Theft" {
  description "As a hacker I want to steal CPU cycles in order to transform them into money via installed crypto currency miners."
}
attack Ransomware "Ransomware" {
  description "As a hacker I want to encrypt the storage and file systems in order to demand ransom."
}
attack IdentityTheft "Identity Theft" {
  description "As a hacker I want to steal identity data in order to reuse credentials and/or keys on other targets of the same company or outside."
}
attack PiiTheft "PII Theft" {
  description "As a hacker I want to steal PII (Personally Identifiable Information) data in order to blackmail the company and/or damage their repudiation by publishing them."
}
attack ErpCompromise "ERP-System Compromise" {
  description "As a hacker I want to access the ERP-System in order to steal/modify sensitive business data."
}
attack DatabaseCompromise "Database Compromise" {
  description "As a hacker I want to access the database backend of the ERP-System in order to steal/modify sensitive business data."
}
attack ContractFilesystemCompromise "Contract Filesystem Compromise" {
  description "As a hacker I want to access the filesystem storing the contract PDFs in order to steal/modify contract data."
}
attack CrossSiteScripting "Cross-Site Scripting Attacks" {
  description "As a hacker I want to execute Cross-Site Scripting (XSS) and similar attacks in order to takeover victim sessions and cause reputational damage."
}
attack EndUserDenialOfService "Denial-of-Service of End-User Functionality" {
  description "As a hacker I want to disturb the functionality of the end-user parts of the application in order to cause direct financial damage (lower sales)."
}
attack ErpDenialOfService "Denial-of-Service of ERP/DB Functionality" {
  description "As a hacker I want to disturb the functionality of the ERP system and/or it's database in order to cause indirect financial damage via unusable internal ERP features (not related to customer portal)."
}
