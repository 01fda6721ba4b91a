// The language server: LSP over stdio (`tm-language-server --stdio`) or Node IPC (VS Code).
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createTmServices } from './lsp/tm-lsp-module.js';
import { registerCustomRequests } from './lsp/custom-requests.js';

const connection = createConnection(ProposedFeatures.all);
const services = createTmServices({ connection, ...NodeFileSystem });
registerCustomRequests(connection, services);
startLanguageServer(services.shared);
