// The in-host suite: runs inside VS Code's extension host with the `vscode` API, against the
// extension under development and a copy of test/e2e/fixtures/shop.tm. Started by run.mjs
// through @vscode/test-electron (`npm run test:electron`, needs to download VS Code).
// It checks through the API what the code-server suite checks through the UI.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the runner opens a workspace folder');
  const uri = vscode.Uri.joinPath(folder, 'shop.tm');
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);

  const checks: [string, () => Promise<void>][] = [
    ['diagnostics carry their codes', async () => {
      const diagnostics = await diagnosticsWhen(uri, list => list.length > 0);
      const codes = diagnostics.map(diagnostic => `${diagnostic.code as string | number}`);
      assert.ok(codes.includes('uncovered-stride'), `codes: ${codes.join(', ')}`);
      assert.ok(codes.includes('open-fix-now'), `codes: ${codes.join(', ')}`);
    }],
    ['hover on a STRIDE letter explains it', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at(document, 'stride S', 'stride '.length));
      const text = hovers.flatMap(hover => hover.contents.map(content => (typeof content === 'string' ? content : content.value))).join('\n');
      assert.match(text, /Spoofing/);
      assert.match(text, /authentication/i);
    }],
    ['completion after `stride ` on a store offers T, I, D only', async () => {
      const edit = new vscode.WorkspaceEdit();
      const line = document.positionAt(document.getText().indexOf('on Orders')).line;
      edit.insert(uri, new vscode.Position(line + 1, 0), '  stride \n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line + 1, 9));
      const letters = list.items.map(item => (typeof item.label === 'string' ? item.label : item.label.label)).filter(label => /^[STRIDE]$/.test(label));
      await vscode.commands.executeCommand('undo');
      assert.deepEqual([...letters].sort(), ['D', 'I', 'T']);
    }],
    ['the quick-fix for uncovered-stride removes it', async () => {
      const customer = (list: readonly vscode.Diagnostic[]) => list.find(d => d.code === 'uncovered-stride' && /\bCustomer\b/.test(d.message));
      const diagnostic = customer(await diagnosticsWhen(uri, list => customer(list) !== undefined));
      assert.ok(diagnostic);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const stub = actions.find(action => /^Add a threat stub for R\b/.test(action.title));
      assert.ok(stub?.edit, `actions: ${actions.map(action => action.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(stub.edit));
      await diagnosticsWhen(uri, list => customer(list) === undefined && list.some(d => d.code === 'uncovered-stride'));
    }],
  ];
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (error) {
      console.error(`not ok - ${name}`);
      throw error;
    }
  }
}

/** The position `offset` characters into the first occurrence of `text`. */
function at(document: vscode.TextDocument, text: string, offset: number): vscode.Position {
  const start = document.getText().indexOf(text);
  assert.ok(start >= 0, `${text} is in the model`);
  return document.positionAt(start + offset);
}

/** The document's diagnostics once `ready` holds, waiting on diagnostics events (at most 60 s). */
function diagnosticsWhen(uri: vscode.Uri, ready: (list: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const list = vscode.languages.getDiagnostics(uri);
      if (!ready(list)) return false;
      listener.dispose();
      clearTimeout(timer);
      resolve(list);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics(event => {
      if (event.uris.some(changed => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`diagnostics of ${uri.toString()} never reached the expected state: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(d => [d.code, d.message]))}`));
    }, 60_000);
    check();
  });
}
