// A TokenCredential over a signed-in account session (VS Code's built-in "microsoft"
// authentication provider): the host passes a function that asks for a session with scopes.
// Pure, so the scope and tenant handling and the expiry reading are unit-tested without VS Code.
import { SERVICE_BUS_SCOPE } from './clouds';
import type { NamedCredential } from './types';

/** Asks the account provider for a session with these scopes; resolves to its access token. */
export type SessionProvider = (scopes: string[]) => Promise<{ accessToken: string } | undefined>;

/** A token's `exp` claim in ms; undefined when it is not a readable JWT. */
export function jwtExpiryMs(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The scopes to ask VS Code for: the SDK asks for "https://servicebus.azure.net//.default"
 * (two slashes), which Entra ID accepts but VS Code would keep as a separate session, so the
 * scope is normalised; a chosen tenant is VS Code's "VSCODE_TENANT:<id>" scope.
 */
export function sessionScopes(requested: string | string[], tenantId?: string): string[] {
  const scopes = (Array.isArray(requested) ? requested : [requested]).map((s) => s.replace(/([^:/])\/\/+\.default$/, '$1/.default'));
  const normalised = scopes.length === 0 ? [SERVICE_BUS_SCOPE] : scopes;
  return tenantId ? [...normalised, `VSCODE_TENANT:${tenantId}`] : normalised;
}

/** Without a readable expiry, assume a short life so the SDK asks again soon. */
const FALLBACK_LIFETIME_MS = 5 * 60 * 1000;

export class SessionTokenCredential implements NamedCredential {
  readonly sourceLabel = 'the VS Code Microsoft account';

  constructor(
    private readonly provider: SessionProvider,
    private readonly tenantId?: string,
  ) {}

  async getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number }> {
    const session = await this.provider(sessionScopes(scopes, this.tenantId));
    if (!session) {
      throw Object.assign(new Error('Not signed in to a Microsoft account in VS Code.'), { name: 'CredentialUnavailableError' });
    }
    return { token: session.accessToken, expiresOnTimestamp: jwtExpiryMs(session.accessToken) ?? Date.now() + FALLBACK_LIFETIME_MS };
  }
}
