// The user's connections. Profiles (id, label, kind, host name, sign-in kind and tenant) live in globalState; connection
// strings live only in SecretStorage, keyed by the profile id, never in settings or logs. The
// local sandbox's connection exists only while it runs, so its profile and secret stay in memory.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConnectionTarget } from '../core/servicebus/types';
import { signInOf } from './connectionState';
import { connectionStringLabel } from './validation';

export type ConnectionKind = 'namespace' | 'connectionString' | 'sandbox';

/** How a namespace connection signs in: the VS Code Microsoft account, or the @azure/identity chain (Azure CLI, …). */
export type SignInKind = 'vscode' | 'azure-identity';

export const SIGN_IN_KINDS: readonly SignInKind[] = ['vscode', 'azure-identity'];

export interface ConnectionProfile {
  id: string;
  label: string;
  kind: ConnectionKind;
  fullyQualifiedNamespace?: string;
  /** Namespace connections only; profiles saved before sign-in kinds existed used the @azure/identity chain. */
  signIn?: SignInKind;
  /** Namespace connections only: the Entra ID tenant to sign in to (id or domain); unset means the account's home tenant. */
  tenantId?: string;
}

export interface NamespaceSignIn {
  signIn: SignInKind;
  tenantId?: string;
}

const PROFILES_KEY = 'ctEvents.connections';
const SECRET_PREFIX = 'ctEvents.connectionString.';

export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly memoryProfiles: ConnectionProfile[] = [];
  private readonly memorySecrets = new Map<string, string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): ConnectionProfile[] {
    return [...this.storedProfiles(), ...this.memoryProfiles];
  }

  get(id: string): ConnectionProfile | undefined {
    return this.list().find((p) => p.id === id);
  }

  /** Adds a namespace reached with Entra ID; returns the existing profile if the same host and sign-in is already there. */
  async addNamespace(fullyQualifiedNamespace: string, { signIn, tenantId }: NamespaceSignIn): Promise<ConnectionProfile> {
    const host = fullyQualifiedNamespace.trim().toLowerCase();
    const tenant = tenantId?.trim() || undefined;
    const existing = this.storedProfiles().find(
      (p) => p.kind === 'namespace' && p.fullyQualifiedNamespace === host && signInOf(p) === signIn && p.tenantId === tenant,
    );
    if (existing) {
      return existing;
    }
    const profile: ConnectionProfile = { id: randomUUID(), label: host, kind: 'namespace', fullyQualifiedNamespace: host, signIn, tenantId: tenant };
    await this.saveProfiles([...this.storedProfiles(), profile]);
    return profile;
  }

  async addConnectionString(connectionString: string): Promise<ConnectionProfile> {
    const profile: ConnectionProfile = { id: randomUUID(), label: connectionStringLabel(connectionString), kind: 'connectionString' };
    // The secret first: a profile without its secret would show as a broken connection.
    await this.secrets.store(SECRET_PREFIX + profile.id, connectionString.trim());
    await this.saveProfiles([...this.storedProfiles(), profile]);
    return profile;
  }

  addSandbox(label: string, connectionString: string): ConnectionProfile {
    const profile: ConnectionProfile = { id: randomUUID(), label, kind: 'sandbox' };
    this.memoryProfiles.push(profile);
    this.memorySecrets.set(profile.id, connectionString);
    this.changed.fire();
    return profile;
  }

  /** Changes only the label people see; the secret and the host stay as they are. */
  async rename(id: string, label: string): Promise<void> {
    const name = label.trim();
    const inMemory = this.memoryProfiles.find((p) => p.id === id);
    if (inMemory) {
      inMemory.label = name;
      this.changed.fire();
      return;
    }
    await this.saveProfiles(this.storedProfiles().map((p) => (p.id === id ? { ...p, label: name } : p)));
  }

  async remove(id: string): Promise<void> {
    const memoryIndex = this.memoryProfiles.findIndex((p) => p.id === id);
    if (memoryIndex >= 0) {
      this.memoryProfiles.splice(memoryIndex, 1);
      this.memorySecrets.delete(id);
    } else {
      await this.saveProfiles(this.storedProfiles().filter((p) => p.id !== id));
      await this.secrets.delete(SECRET_PREFIX + id);
    }
    this.changed.fire();
  }

  /** How to reach a connection; reads its secret when it has one. */
  async target(id: string): Promise<ConnectionTarget> {
    const profile = this.get(id);
    if (!profile) {
      throw new Error('This connection was removed. Add it again from the CT Events view.');
    }
    if (profile.kind === 'namespace' && profile.fullyQualifiedNamespace) {
      return { kind: 'namespace', fullyQualifiedNamespace: profile.fullyQualifiedNamespace };
    }
    const connectionString = profile.kind === 'sandbox' ? this.memorySecrets.get(id) : await this.secrets.get(SECRET_PREFIX + id);
    if (connectionString === undefined) {
      throw new Error(`The connection string of "${profile.label}" is no longer in this machine's secret storage. Remove the connection and add it again.`);
    }
    return { kind: 'connectionString', connectionString };
  }

  dispose(): void {
    this.changed.dispose();
  }

  private storedProfiles(): ConnectionProfile[] {
    const stored = this.state.get<unknown>(PROFILES_KEY);
    return Array.isArray(stored) ? stored.filter(isProfile) : [];
  }

  private async saveProfiles(profiles: ConnectionProfile[]): Promise<void> {
    await this.state.update(PROFILES_KEY, profiles);
    this.changed.fire();
  }
}

function isProfile(value: unknown): value is ConnectionProfile {
  const p = value as Partial<ConnectionProfile> | null;
  return (
    typeof p === 'object' && p !== null && typeof p.id === 'string' && typeof p.label === 'string' &&
    (p.kind === 'namespace' || p.kind === 'connectionString')
  );
}
