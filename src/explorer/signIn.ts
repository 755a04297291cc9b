// Turns a stored profile into what the Service Bus layer connects with: the credential of its
// sign-in kind (the VS Code Microsoft account or the @azure/identity chain) and, when the
// ctEvents.useWebSockets setting is on, AMQP over WebSockets through VS Code's http.proxy.
import * as vscode from 'vscode';
import { parseConnectionString } from '../core/servicebus/connection-string';
import { IdentityChainCredential } from '../core/servicebus/credentials';
import { SessionTokenCredential } from '../core/servicebus/credentials-session';
import type { ConnectionTarget, TokenCredentialLike, WebSocketTransport } from '../core/servicebus/types';
import { webSocketTransport } from '../core/servicebus/websockets';
import type { Log } from '../log';
import type { ConnectionProfile, SignInKind } from './connections';
import { signInOf } from './connectionState';

export const DEFAULT_SIGN_IN_SETTING = 'defaultSignIn';
export const USE_WEB_SOCKETS_SETTING = 'useWebSockets';
const MICROSOFT_PROVIDER = 'microsoft';

export function defaultSignIn(): SignInKind {
  const value = vscode.workspace.getConfiguration('ctEvents').get<string>(DEFAULT_SIGN_IN_SETTING);
  return value === 'azure-identity' ? 'azure-identity' : 'vscode';
}

/** The VS Code account as a TokenCredential; asks the user to sign in when no session exists. */
function vscodeAccountCredential(tenantId: string | undefined, log: Log): TokenCredentialLike {
  return new SessionTokenCredential(async (scopes) => {
    try {
      return await vscode.authentication.getSession(MICROSOFT_PROVIDER, scopes, { createIfNone: true });
    } catch (error) {
      // Declined or failed sign-in: the credential then says "not signed in". The reason has no token in it.
      log.warn(`VS Code Microsoft sign-in did not complete: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }, tenantId);
}

export function credentialFor(profile: ConnectionProfile, log: Log): TokenCredentialLike {
  const host = profile.fullyQualifiedNamespace ?? profile.label;
  return signInOf(profile) === 'vscode'
    ? vscodeAccountCredential(profile.tenantId, log)
    : new IdentityChainCredential({ host, tenantId: profile.tenantId });
}

/** AMQP over WebSockets (port 443) when the setting is on; through http.proxy when VS Code has one. */
export function transportFromSettings(): WebSocketTransport | undefined {
  if (vscode.workspace.getConfiguration('ctEvents').get<boolean>(USE_WEB_SOCKETS_SETTING) !== true) {
    return undefined;
  }
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy') || process.env.HTTPS_PROXY || process.env.https_proxy || undefined;
  return webSocketTransport({ proxyUrl, rejectUnauthorized: http.get<boolean>('proxyStrictSSL', true) });
}

/** The stored target with its credential and transport filled in from the profile and the settings. */
export function completeTarget(base: ConnectionTarget, profile: ConnectionProfile, log: Log): ConnectionTarget {
  const webSockets = transportFromSettings();
  if (base.kind === 'namespace') {
    return { ...base, credential: credentialFor(profile, log), ...(webSockets ? { webSockets } : {}) };
  }
  // The sandbox and the emulator speak plain AMQP only; WebSockets are for real namespaces behind firewalls.
  const local = profile.kind === 'sandbox' || parseConnectionString(base.connectionString).usesDevelopmentEmulator;
  return webSockets && !local ? { ...base, webSockets } : base;
}
