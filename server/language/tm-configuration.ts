// Editor settings reach the checks without a restart: the `tm` section, when first fetched and
// whenever it changes, updates TmSettings; a change then re-checks every open model.
import type { LangiumSharedCoreServices } from 'langium';
import { DefaultConfigurationProvider } from 'langium';
import type { DidChangeConfigurationParams } from 'vscode-languageserver';
import type { TmServices } from './tm-module.js';

export class TmConfigurationProvider extends DefaultConfigurationProvider {
  private readonly services: LangiumSharedCoreServices;

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    this.services = services;
  }

  protected override updateSectionConfiguration(section: string, configuration: unknown): void {
    super.updateSectionConfiguration(section, configuration);
    for (const language of this.serviceRegistry.all) {
      if (language.LanguageMetaData.languageId === section && 'settings' in language) {
        (language as TmServices).settings.updateFromConfiguration(configuration);
      }
    }
  }

  override updateConfiguration(change: DidChangeConfigurationParams): void {
    super.updateConfiguration(change);
    const documents = this.services.workspace.LangiumDocuments.all.map(document => document.uri).toArray();
    if (documents.length > 0) {
      // Under the workspace lock, like an edit: a rebuild racing the running one would
      // publish every diagnostic twice.
      const { WorkspaceLock, DocumentBuilder } = this.services.workspace;
      WorkspaceLock.write(token => DocumentBuilder.update(documents, [], token))
        .catch(error => console.error('Re-checking after a settings change failed:', error));
    }
  }
}
