// The threat model of tm itself: the VS Code extension, the language server, the preview
// webview and the CLI, with every .tm file of a cloned workspace treated as untrusted input.
// Mitigations marked `done` name the code that implements them; `planned` ones are not in the
// code yet. `tm check --strict examples/threat-model.tm` must pass (the test suite runs it).
model "tm: threat models as code" {
  owner "tm maintainers"
  reviewed "2026-11-23"
  revisit "when the preview gains editing, the server gains workspace-wide features, or the CLI gains a new output"
  description "A .tm file from a clone is data written by someone else: it reaches the language server, the preview and the CLI."
}

boundary Machine "Developer's machine" {
  external Developer "Developer" {
    kind user
    exempt S "The developer is the local OS user; tm authenticates no one, and spoofing them means owning the machine"
  }
  process Cli "tm CLI" {
    privilege user
    exempt R "The CLI takes no decisions; decisions live in the model, under version control"
  }
  store Outputs "Reports, SVG and JSON written by the CLI" {
    kind file
    exempt D "Outputs are regenerated from the model on every run"
  }

  boundary Repo "Repository from a clone" {
    store Models "Workspace .tm files" {
      kind file
      holds internal
      exempt D "A missing or unreadable model is reported with its path and skipped; nothing else depends on it"
    }
  }

  boundary Host "VS Code extension host" {
    process Extension "tm VS Code extension" {
      privilege user
      exempt R "The extension takes no decisions; decisions live in the model, under version control"
      exempt I "It shows the developer's own files back to them and sends nothing off the machine"
    }
    process Server "tm language server" {
      privilege user
      exempt R "The server takes no decisions; decisions live in the model, under version control"
      exempt I "It holds only workspace .tm files in memory and answers only its own client over IPC"
    }
  }

  boundary Sandbox "Preview webview sandbox" {
    process Preview "DFD preview page" {
      exempt S "The page is created by the extension with a fresh nonce; VS Code keeps each extension's webviews apart"
      exempt R "The preview takes no decisions; it only draws the model"
    }
  }
}

flow Edit: Developer -> Extension "edits and commands" {
  authn none
  authz none
  validation none
  exempt T, I, D "The developer's own keystrokes in their own editor"
}
flow Run: Developer -> Cli "tm check, report, export"
flow Read: Models -> Server "workspace .tm files" {
  carries internal
  authn none
  authz none
  validation "file-size limit, nesting limit, error-recovering parser"
  exempt I "The server reads files already on the developer's disk; nothing leaves the machine"
}
flow CliRead: Models -> Cli "models named on the command line" {
  carries internal
  authn none
  authz none
  validation "file-size limit, nesting limit, error-recovering parser; directory walks visit each real folder once"
  exempt I "The CLI reads files already on the developer's disk and prints to the terminal"
}
flow Lsp: Extension -> Server "LSP requests over IPC"
flow Diagnostics: Server -> Extension "diagnostics, hovers, graph"
flow Render: Extension -> Preview "diagram data by postMessage" {
  carries internal
  authn none
  authz none
  validation "model text is set with textContent or escaped with escapeXml, never parsed as markup"
}
flow Select: Preview -> Extension "reveal requests by postMessage" {
  authn none
  authz "a reveal names an id the extension looks up in its own graph of the open document; one from an imported file opens that file only if it is a .tm file on disk inside the workspace"
  validation "only the typed PreviewReply messages of server/protocol.ts are handled"
  exempt I "A reveal carries an element id the extension itself sent"
}
flow Fix: Extension -> Models "quick-fixes and formatting" {
  authn none
  authz "VS Code applies the edit to the document the developer has open"
  validation "every quick-fix is tested to keep the file parsing and to remove its diagnostic"
  exempt I "Edits write the developer's own file"
}
flow Write: Cli -> Outputs "report, export, dfd"

threat WebviewScript "A model label runs script in the preview webview" {
  on Render, Preview
  stride T, E
  likelihood 2  impact 3
  mitigation "CSP default-src 'none' with a per-page script nonce; resources only from the extension's out/ folder (client/preview/html.ts, preview-panel.ts)" done
  mitigation "Model text reaches the page only through textContent and escapeXml (client/webview/side-panel.ts, server/diagram/escape.ts)" done
}

threat WebviewBeacon "The preview loads a remote resource that leaks the model" {
  on Render, Preview
  stride I
  likelihood 1  impact 2
  mitigation "The CSP allows images, styles and scripts from the extension only; nothing else loads (client/preview/html.ts)" done
}

threat PreviewFlood "A huge model makes the preview unresponsive" {
  on Render, Preview
  stride D
  likelihood 2  impact 1
  mitigation "Files over the size limit and levels past the nesting limit are neither analysed nor drawn (server/diagram/graph.ts)" done
  mitigation "Cap the number of shapes the preview draws and say so in the page" planned
}

threat DeepNesting "A model nested thousands of levels deep overflows the server's stack" {
  on Read, CliRead, Server, Cli
  stride D
  likelihood 3  impact 2
  mitigation "The lexer flattens blocks nested past 80 levels before parsing (server/language/tm-lexer.ts)" done
  mitigation "Boundaries and attack nodes past 64 levels are too-deep and not analysed; the analysis and attack costs are iterative (server/domain)" done
}

threat HugeFile "A huge model freezes the editor or the CLI" {
  on Read, CliRead, Server, Cli
  stride D
  likelihood 2  impact 2
  mitigation "Files over tm.maxFileSizeMB (CLI --max-size, default 10 MB) are not lexed or parsed: one file-too-large error (server/language/tm-lexer.ts, server/cli/load.ts)" done
}

threat GarbageCrash "Random or non-UTF-8 bytes crash the server or the CLI" {
  on Server, Cli, Extension
  stride D
  likelihood 2  impact 2
  mitigation "Invalid bytes become syntax errors; property-based fuzzing of every LSP feature on random and mutated input (test/hostile/fuzz.test.ts)" done
}

threat RecoveryStall "A file of repeated bad tokens stalls the parser's error recovery" {
  on Server, Cli
  stride D
  likelihood 2  impact 2
  mitigation "Parsing stays linear under errors (CST lookups from the back, no stack traces) and stops after 1,000 syntax errors, saying where (server/language/tm-parser.ts)" done
}

threat WebviewMessages "The webview sends forged or flooding messages to the extension" {
  on Select, Extension
  stride T, D
  likelihood 1  impact 2
  mitigation "Only 'ready' and 'reveal' are handled; a reveal is looked up in the extension's own graph and can only move the cursor in the open document (client/preview/preview-panel.ts)" done
}

threat MaliciousClone "A cloned repository carries a hostile model" {
  on Models, Read, CliRead
  stride T
  likelihood 3  impact 1
  mitigation "Models are data: the language has no includes, imports or scripts, and names resolve within their file only (server/language/tm-scope.ts)" done
}

threat HoverInjection "A model label injects links or HTML into hovers" {
  on Diagnostics, Server
  stride T
  likelihood 2  impact 2
  mitigation "Every model string in a hover goes through escapeMarkdown (server/lsp/markdown.ts)" done
}

threat BadQuickFix "A quick-fix corrupts the developer's model" {
  on Fix, Models
  stride T, D
  likelihood 2  impact 2
  mitigation "Each quick-fix is applied in the tests and the result re-parsed and re-validated (test/lsp/code-actions.test.ts)" done
  mitigation "Fixes insert TODO stubs, never invented decisions, so a wrong fix is visible as todo-placeholder" done
}

threat OutputTraversal "CLI output escapes the folder the developer chose, or overwrites a model" {
  on Write, Outputs, Cli
  stride T
  likelihood 1  impact 3
  mitigation "Output files are named after the input file's base name, never after model text (server/cli/output.ts modelStem)" done
  mitigation "An output never replaces an existing .tm file: the command exits 2 and says what to do (server/cli/output.ts writeOutputFile)" done
}

threat ArchitectureLeak "Reports and exports reveal the system's architecture" {
  on Outputs, Models, Cli
  stride I
  likelihood 2  impact 2
  accepted "Models are written to be shared with the team; by convention they name systems, never credentials" by "tm maintainers"
}

threat CodeFromModel "A model gets tm to run code with the developer's rights" {
  on Cli, Extension, Server, Preview
  stride E
  likelihood 1  impact 3
  eliminated "Any way for a model to run code: no eval, no plugins, no executable paths in settings; git is run by `tm diff` without a shell and with arguments from the command line only"
}

threat SupplyChain "A tampered dependency or package ships in the extension or the CLI" {
  on Cli, Extension, Server
  stride S, T
  likelihood 1  impact 3
  mitigation "Every dependency pinned to an exact version, with package-lock.json committed" done
  mitigation "Publish releases with npm provenance and a signed VSIX" planned
}

threat DeniedDecision "Someone denies writing a decision into a model" {
  on Developer
  stride R
  likelihood 1  impact 2
  transferred "Who changed which decision is recorded by the commit history and code review" to "the repository's version control"
}

attack ScriptInPreview "Run script in the preview webview" {
  realizes WebviewScript
  or {
    "Put <script> in a label drawn in the SVG" cost high
    "Break out of an attribute with a quote in a label" cost high
    "Load a remote script from the page" cost extreme
    "Hide markup in an element id sent back by reveal" and {
      "Get an id into the graph that is not a model name" cost extreme
      "Make the extension render it as HTML" cost extreme
    }
  }
}
