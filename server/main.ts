// The language server: LSP over stdio (`tm-language-server --stdio`) or Node IPC (VS Code).
import { startLanguageServer } from 'langium/lsp';
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createTmServices } from './lsp/tm-lsp-module.js';
import { registerCustomRequests } from './lsp/custom-requests.js';
import { serveTeamPacks } from './lsp/team-pack-documents.js';
import { TmFileSystemProvider } from './language/tm-file-system.js';
import type { TmSharedServices } from './language/tm-module.js';

const connection = createConnection(ProposedFeatures.all);
const services = createTmServices({ connection, fileSystemProvider: shared => new TmFileSystemProvider(shared as TmSharedServices) });
// The bundle runs from out/, where the build puts elk's bundled build (scripts/build.mjs).
registerCustomRequests(connection, services, { elkScript: path.join(__dirname, 'elk.cjs') });
serveTeamPacks(connection, services);
startLanguageServer(services.shared);
