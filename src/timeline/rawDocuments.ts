// "Open Raw Message": the original body of a message as a read-only document under a scheme of
// our own. A TextDocumentContentProvider's documents cannot be edited or saved over, and they
// live only as long as the host keeps the text here.
import * as vscode from 'vscode';
import { decodeBody } from '../core/events/decode';
import { maskEventBody } from '../core/events/mask';
import type { PeekedMessage } from '../core/events/model';

export const RAW_SCHEME = 'ct-events-raw';

export class RawMessageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private nextId = 1;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This message is no longer held by an open timeline. Peek again to see it.';
  }

  /** Shows a message's body; JSON bodies pretty-printed, masked when `mask`. */
  async open(message: PeekedMessage, mask: boolean): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RAW_SCHEME, path: `/message-${message.sequenceNumber}${mask ? '-masked' : ''}.json`, query: String(this.nextId++) });
    this.texts.set(uri.toString(), rawText(message, mask));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.texts.clear();
    this.changed.dispose();
  }
}

function rawText(message: PeekedMessage, mask: boolean): string {
  const decoded = decodeBody(message.body, message.bodyType);
  switch (decoded.decoding) {
    case 'json':
      return JSON.stringify(mask ? maskEventBody(decoded.value) : decoded.value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
    case 'text':
      return decoded.text;
    case 'binary':
      return JSON.stringify({ note: decoded.problem, size: decoded.size, base64: Buffer.from(decoded.bytes).toString('base64') }, null, 2);
  }
}
