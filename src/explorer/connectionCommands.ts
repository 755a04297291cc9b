// Commands about connections themselves: the add-namespace flow (found namespaces, sign-in kind,
// tenant), rename, reconnect, and "Check Connection", the doctor, whose report opens as a
// read-only Markdown document. Nothing here logs a token or a connection string.
import * as vscode from 'vscode';
import { registerCommand, showErrorWithLog } from '../command';
import { createDoctorProbes, doctorTargetOf } from '../core/servicebus/doctor-probes';
import { doctorFailed, runDoctor, type DoctorStep } from '../core/servicebus/doctor';
import { settingsGlobs } from '../lint/settingsConfig';
import type { Log } from '../log';
import type { ConnectionClients } from './clients';
import { SIGN_IN_KINDS, type ConnectionProfile, type ConnectionStore, type SignInKind } from './connections';
import { kindLabel } from './connectionState';
import { doctorMarkdown, doctorSummary } from './doctorReport';
import { namespacesInSettings, type FoundNamespace } from './foundNamespaces';
import { ConnectionNode } from './nodes';
import { defaultSignIn } from './signIn';
import type { ExplorerTreeProvider } from './treeProvider';
import { validateHostName, validateTenant } from './validation';

const DOCTOR_SCHEME = 'ct-events-doctor';
/** Settings files read for found namespaces; a workspace with more is not scanned further. */
const MAX_SETTINGS_FILES = 200;

export interface ConnectionCommandDeps {
  store: ConnectionStore;
  clients: ConnectionClients;
  tree: ExplorerTreeProvider;
  /** The tree's node of a connection, if it is shown. */
  nodeOf: (connectionId: string) => ConnectionNode | undefined;
}

const SIGN_IN_ITEMS: Readonly<Record<SignInKind, { label: string; detail: string }>> = {
  vscode: {
    label: '$(account) VS Code Microsoft account',
    detail: 'Sign in with the Microsoft account in VS Code\'s Accounts menu; choose a tenant next if you have several.',
  },
  'azure-identity': {
    label: '$(terminal) Azure CLI and other Azure tools',
    detail: 'Use az login, azd auth login, Connect-AzAccount, environment variables, workload or managed identity (good for remote and container workspaces).',
  },
};

const FOUND_NAMESPACES_KEY = 'ctEvents.foundNamespaces';

export function registerConnectionCommands(context: vscode.ExtensionContext, log: Log, deps: ConnectionCommandDeps): void {
  const { store, clients, tree } = deps;
  const reports = new DoctorReports();
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(DOCTOR_SCHEME, reports));

  // The welcome view offers the namespaces the app settings name (read once, at activation).
  void foundNamespaces(log).then((found) => vscode.commands.executeCommand('setContext', FOUND_NAMESPACES_KEY, found.length > 0));

  registerCommand(context, log, 'ctEvents.addNamespace', async () => {
    const host = await pickNamespaceHost(log);
    if (host === undefined) {
      return;
    }
    const signIn = await pickSignIn();
    if (signIn === undefined) {
      return;
    }
    const tenant = await vscode.window.showInputBox({
      title: 'Add Service Bus Namespace: tenant (optional)',
      prompt: 'The Microsoft Entra ID tenant that holds the namespace, if it is not your account\'s home tenant',
      placeHolder: 'Leave empty for your home tenant, or enter a tenant id or domain',
      ignoreFocusOut: true,
      validateInput: validateTenant,
    });
    if (tenant === undefined) {
      return;
    }
    const profile = await store.addNamespace(host, { signIn, tenantId: tenant });
    log.info(`added namespace connection ${profile.id} (${profile.label}, ${kindLabel(profile)})`);
  });

  registerCommand(context, log, 'ctEvents.renameConnection', async (node: unknown) => {
    const profile = await connectionFrom(node, store, 'Rename Connection');
    if (!profile) {
      return;
    }
    const label = await vscode.window.showInputBox({
      title: 'Rename Connection',
      value: profile.label,
      prompt: 'The name the CT Events view shows for this connection',
      validateInput: (value) => (value.trim() === '' ? 'Enter a name.' : undefined),
    });
    if (label === undefined) {
      return;
    }
    await store.rename(profile.id, label);
    log.info(`renamed connection ${profile.id}`);
  });

  registerCommand(context, log, 'ctEvents.reconnectConnection', async (node: unknown) => {
    const profile = await connectionFrom(node, store, 'Reconnect');
    if (!profile) {
      return;
    }
    await clients.reconnect(profile.id);
    tree.refresh(deps.nodeOf(profile.id));
    log.info(`reconnecting ${profile.id}`);
  });

  registerCommand(context, log, 'ctEvents.checkConnection', async (node: unknown) => {
    const profile = await connectionFrom(node, store, 'Check Connection');
    if (!profile) {
      return;
    }
    const steps = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking ${profile.label}…`, cancellable: true },
      (_progress, token) => checkConnection(clients, profile.id, token),
    );
    const uri = reports.show(profile, steps);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const summary = doctorSummary(steps);
    log.info(`checked ${profile.id}: ${summary}`);
    if (doctorFailed(steps)) {
      void showErrorWithLog(`Check Connection "${profile.label}": ${summary}`);
    } else {
      void vscode.window.showInformationMessage(`Check Connection "${profile.label}": ${summary}`);
    }
  });
}

/** Runs the doctor with the real probes; cancelling closes its connection and stops waiting. */
async function checkConnection(clients: ConnectionClients, connectionId: string, token: vscode.CancellationToken): Promise<DoctorStep[]> {
  const target = await clients.target(connectionId);
  const probes = createDoctorProbes(target);
  let onCancel: vscode.Disposable | undefined;
  const cancelled = new Promise<never>((_resolve, reject) => {
    onCancel = token.onCancellationRequested(() => reject(new vscode.CancellationError()));
  });
  try {
    return await Promise.race([runDoctor(doctorTargetOf(target), probes), cancelled]);
  } finally {
    onCancel?.dispose();
    await probes.close();
  }
}

/** The connection a command acts on: the node it ran from, or one the user picks from the palette. */
async function connectionFrom(node: unknown, store: ConnectionStore, title: string): Promise<ConnectionProfile | undefined> {
  if (node instanceof ConnectionNode) {
    return store.get(node.profile.id) ?? node.profile;
  }
  const profiles = store.list();
  if (profiles.length === 0) {
    throw new Error('There are no connections yet: add one from the CT Events view first.');
  }
  const picked = await vscode.window.showQuickPick(
    profiles.map((profile) => ({ label: profile.label, description: kindLabel(profile), profile })),
    { title, placeHolder: 'Choose a connection' },
  );
  return picked?.profile;
}

async function foundNamespaces(log: Log): Promise<FoundNamespace[]> {
  const include = settingsGlobs();
  const uris = await vscode.workspace.findFiles(include.length === 1 ? include[0] : `{${include.join(',')}}`, '**/node_modules/**', MAX_SETTINGS_FILES);
  const files = await Promise.all(uris.map(async (uri) => {
    try {
      return { name: vscode.workspace.asRelativePath(uri), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
    } catch (error) {
      log.warn(`could not read ${vscode.workspace.asRelativePath(uri)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }));
  return namespacesInSettings(files.filter((file) => file !== undefined));
}

/** A namespace the workspace's settings name, or one the user types. */
async function pickNamespaceHost(log: Log): Promise<string | undefined> {
  const found = await foundNamespaces(log);
  if (found.length > 0) {
    const enter = { label: '$(edit) Enter a host name…', host: undefined };
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Found in app settings', kind: vscode.QuickPickItemKind.Separator, host: undefined },
        ...found.map((f) => ({ label: f.host, description: f.files.join(', '), host: f.host as string | undefined })),
        { label: '', kind: vscode.QuickPickItemKind.Separator, host: undefined },
        enter,
      ],
      { title: 'Add Service Bus Namespace', placeHolder: 'Choose a namespace named by ServiceBusNamespaceFQDN, or enter a host name', ignoreFocusOut: true },
    );
    if (picked === undefined) {
      return undefined;
    }
    if (picked.host !== undefined) {
      return picked.host;
    }
  }
  return vscode.window.showInputBox({
    title: 'Add Service Bus Namespace',
    prompt: 'Host name of the namespace that holds the CTEvents topic (you sign in with Microsoft Entra ID)',
    placeHolder: 'contoso-ct.servicebus.windows.net',
    ignoreFocusOut: true,
    validateInput: validateHostName,
  });
}

async function pickSignIn(): Promise<SignInKind | undefined> {
  const preferred = defaultSignIn();
  const ordered = [preferred, ...SIGN_IN_KINDS.filter((kind) => kind !== preferred)];
  const picked = await vscode.window.showQuickPick(
    ordered.map((kind) => ({ ...SIGN_IN_ITEMS[kind], description: kind === preferred ? 'default' : undefined, signIn: kind })),
    { title: 'Add Service Bus Namespace: sign in with', placeHolder: 'How to sign in to this namespace (the setting ctEvents.defaultSignIn picks the default)', ignoreFocusOut: true },
  );
  return picked?.signIn;
}

/** Read-only documents of the doctor's reports, one per connection, replaced by each new check. */
class DoctorReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  show(profile: ConnectionProfile, steps: DoctorStep[]): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DOCTOR_SCHEME, path: `/${profile.id}/Check Connection.md` });
    this.texts.set(uri.toString(), doctorMarkdown({ label: profile.label, kind: kindLabel(profile), checkedAt: new Date().toISOString() }, steps));
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This report is no longer available: run "CT Events: Check Connection" again.';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
