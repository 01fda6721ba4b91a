// The language server's file reading: the workspace's `.tm` files that no editor has open are
// read through model-files.ts (bounded, no pipes or devices, no links out of the workspace
// folder). A file that is not read is an empty model with one diagnostic saying why, so a 700 MB
// file in a cloned repository costs nothing.
import type { LangiumSharedCoreServices } from 'langium';
import { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import * as fs from 'node:fs/promises';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isInside, readModelFile, UnreadableModelFile } from './model-files.js';
import { IssueCodes } from './issue-codes.js';
import type { TmServices, TmSharedServices } from './tm-module.js';
import { fileTooLarge } from './tm-document-validator.js';

/** The files of the workspace read as empty, and the diagnostic each gets instead (keyed by URI). */
export class UnreadFiles {
  private readonly reasons = new Map<string, Diagnostic>();

  reasonFor(uri: URI): Diagnostic | undefined {
    return this.reasons.get(uri.toString());
  }

  set(uri: URI, reason: Diagnostic | undefined): void {
    if (reason) this.reasons.set(uri.toString(), reason);
    else this.reasons.delete(uri.toString());
  }
}

export class TmFileSystemProvider extends NodeFileSystemProvider {
  constructor(private readonly services: LangiumSharedCoreServices & Pick<TmSharedServices, 'workspace'>) {
    super();
  }

  override async readFile(uri: URI): Promise<string> {
    const unreadFiles = this.services.workspace.UnreadFiles;
    const { settings } = this.services.ServiceRegistry.getServices(uri) as TmServices;
    try {
      const content = await readModelFile(uri.fsPath, settings.maxFileSizeBytes, await this.rootOf(uri));
      unreadFiles.set(uri, 'tooLarge' in content ? fileTooLarge(content.tooLarge, settings.options.maxFileSizeMB) : undefined);
      return 'text' in content ? content.text : '';
    } catch (error) {
      if (!(error instanceof UnreadableModelFile)) throw error;
      unreadFiles.set(uri, unreadableFile(error.message));
      return '';
    }
  }

  /** The real path of the workspace folder holding `uri`, if any. */
  private async rootOf(uri: URI): Promise<string | undefined> {
    for (const folder of this.services.workspace.WorkspaceManager.workspaceFolders ?? []) {
      const folderPath = URI.parse(folder.uri).fsPath;
      if (isInside(uri.fsPath, folderPath)) return fs.realpath(folderPath).catch(() => folderPath);
    }
    return undefined;
  }
}

function unreadableFile(reason: string): Diagnostic {
  const start = { line: 0, character: 0 };
  const code = IssueCodes.UnreadableFile;
  return { range: { start, end: start }, severity: DiagnosticSeverity.Error, code, data: { code }, source: 'tm', message: `tm did not read this file: ${reason}.` };
}
