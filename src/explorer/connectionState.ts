// What the tree says about a connection: its kind (how it signs in) and its state (connected,
// failed with the reason, not signed in). Pure (no vscode), so the wording is unit-tested.
import { describeServiceBusError } from '../core/servicebus/errors';
import type { ConnectionProfile, SignInKind } from './connections';

export type ConnectionState =
  | { kind: 'unknown' }
  | { kind: 'connected' }
  | { kind: 'notSignedIn'; reason: string }
  | { kind: 'failed'; reason: string };

/** The sign-in of a namespace profile (older profiles have none: they used the @azure/identity chain). */
export function signInOf(profile: ConnectionProfile): SignInKind {
  return profile.signIn ?? 'azure-identity';
}

export const UNKNOWN_STATE: ConnectionState = { kind: 'unknown' };

const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationRequiredError', 'Canceled']);

/** Whether an error (or a cause, or the last of the SDK's retry attempts) says no one is signed in. */
function notSignedIn(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 8) {
    return false;
  }
  const e = error as { name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.name === 'string' && CREDENTIAL_ERRORS.has(e.name)) {
    return true;
  }
  const attempts = Array.isArray(e.errors) ? e.errors : [];
  return notSignedIn(e.cause, depth + 1) || attempts.some((attempt) => notSignedIn(attempt, depth + 1));
}

export function stateFromError(error: unknown): ConnectionState {
  const reason = describeServiceBusError(error);
  return notSignedIn(error) ? { kind: 'notSignedIn', reason } : { kind: 'failed', reason };
}

export function sameState(a: ConnectionState, b: ConnectionState): boolean {
  return a.kind === b.kind && ('reason' in a ? a.reason : '') === ('reason' in b ? b.reason : '');
}

/** How a connection signs in, in a few words. */
export function kindLabel(profile: ConnectionProfile): string {
  switch (profile.kind) {
    case 'sandbox':
      return 'local sandbox';
    case 'connectionString':
      return 'connection string';
    case 'namespace':
      return signInOf(profile) === 'vscode' ? 'VS Code account' : 'Azure CLI / identity';
  }
}

const SIGN_IN_DETAILS = {
  vscode: 'Signs in with the Microsoft account of VS Code (Accounts menu)',
  'azure-identity': 'Signs in with @azure/identity: environment, workload or managed identity, Azure CLI, Azure Developer CLI or Azure PowerShell',
} as const;

export interface ConnectionPresentation {
  description: string;
  tooltip: string;
  /** A codicon id. */
  icon: string;
  /** Whether the icon shows in the error colour. */
  problem: boolean;
}

export function presentConnection(profile: ConnectionProfile, state: ConnectionState): ConnectionPresentation {
  const kind = kindLabel(profile);
  const stateWords = state.kind === 'connected' ? 'connected'
    : state.kind === 'failed' ? `failed: ${state.reason}`
      : state.kind === 'notSignedIn' ? 'not signed in'
        : undefined;
  const where = profile.kind === 'namespace'
    ? [profile.fullyQualifiedNamespace ?? profile.label, SIGN_IN_DETAILS[signInOf(profile)], ...(profile.tenantId ? [`Tenant: ${profile.tenantId}`] : [])]
    : profile.kind === 'sandbox'
      ? [profile.label, 'The local sandbox broker running inside VS Code (development only)']
      : [profile.label, "Connection string kept in VS Code's secret storage"];
  const stateLine = state.kind === 'notSignedIn' ? `Not signed in: ${state.reason}` : stateWords && `State: ${stateWords}`;
  const baseIcon = profile.kind === 'sandbox' ? 'beaker' : profile.kind === 'namespace' ? (signInOf(profile) === 'vscode' ? 'account' : 'azure') : 'key';
  const problem = state.kind === 'failed' || state.kind === 'notSignedIn';
  return {
    description: stateWords ? `${kind} · ${stateWords}` : kind,
    tooltip: [...where, ...(stateLine ? [stateLine] : [])].join('\n'),
    icon: state.kind === 'failed' ? 'error' : state.kind === 'notSignedIn' ? 'sign-in' : baseIcon,
    problem,
  };
}
