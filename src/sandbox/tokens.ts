// Bearer tokens for the sandbox, checked the way Service Bus checks Microsoft Entra ID tokens:
// a signed JWT (HS256 with a shared secret or RS256 with a public key the sandbox is given), for
// the Service Bus audience, not expired. Azure looks the caller's role assignments up itself;
// the sandbox reads them from a `roles` claim instead, so a test can mint a token per role.
import { createHmac, createVerify, timingSafeEqual } from 'node:crypto';

/** The claims Service Bus checks: Listen (receive, peek), Send, Manage (the management feed). */
export type Right = 'Listen' | 'Send' | 'Manage';
export const ALL_RIGHTS: readonly Right[] = ['Listen', 'Send', 'Manage'];

/** Built-in Azure roles for Service Bus data and the rights each one carries. */
export const ROLE_RIGHTS: Readonly<Record<string, readonly Right[]>> = {
  'Azure Service Bus Data Owner': ALL_RIGHTS,
  'Azure Service Bus Data Receiver': ['Listen'],
  'Azure Service Bus Data Sender': ['Send'],
};

/** The audience of tokens for the public cloud's Service Bus (scope https://servicebus.azure.net/.default). */
export const SERVICE_BUS_AUDIENCE = 'https://servicebus.azure.net';

export interface TokenTrust {
  /** Secret for HS256 tokens. */
  hs256Secret?: string;
  /** PEM public key for RS256 tokens. */
  rs256PublicKey?: string;
  /** Accepted `aud` values; default the public cloud's Service Bus audience. */
  audiences?: string[];
  /** The namespace's Microsoft Entra tenant: a token whose `tid` names another is refused, as Azure does. */
  tenantId?: string;
  /**
   * How far the sandbox's clock runs ahead of its clients', as a skewed broker clock would: a
   * token then expires here that much sooner than its client thinks (lets a test see a token
   * expire, and be renewed, without waiting out a real token's life).
   */
  clockAheadMs?: number;
}

export type TokenVerdict =
  | { ok: true; rights: Right[]; expiresAtMs: number; subject?: string }
  | { ok: false; reason: string };

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function signatureMatches(alg: unknown, signed: string, signature: Buffer, trust: TokenTrust): boolean | string {
  if (alg === 'HS256' && trust.hs256Secret !== undefined) {
    const expected = createHmac('sha256', trust.hs256Secret).update(signed).digest();
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
  if (alg === 'RS256' && trust.rs256PublicKey !== undefined) {
    return createVerify('RSA-SHA256').update(signed).verify(trust.rs256PublicKey, signature);
  }
  return `The token's algorithm ${String(alg)} is not one this namespace trusts.`;
}

export function verifyJwt(token: string, trust: TokenTrust, realNowMs = Date.now()): TokenVerdict {
  const nowMs = realNowMs + (trust.clockAheadMs ?? 0);
  const parts = token.split('.');
  const header = parts.length === 3 ? decodePart(parts[0]) : undefined;
  const claims = parts.length === 3 ? decodePart(parts[1]) : undefined;
  if (!header || !claims) {
    return { ok: false, reason: 'The token is not a JSON Web Token.' };
  }
  const matches = signatureMatches(header.alg, `${parts[0]}.${parts[1]}`, Buffer.from(parts[2], 'base64url'), trust);
  if (typeof matches === 'string') {
    return { ok: false, reason: matches };
  }
  if (!matches) {
    return { ok: false, reason: 'The token signature is invalid.' };
  }
  const audiences = trust.audiences ?? [SERVICE_BUS_AUDIENCE];
  const aud = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud)];
  if (!aud.some((a) => audiences.includes(a.replace(/\/+$/, '')))) {
    return { ok: false, reason: `The token's audience ${aud.join(', ')} is not ${audiences.join(' or ')}.` };
  }
  if (trust.tenantId !== undefined && claims.tid !== trust.tenantId) {
    return { ok: false, reason: 'InvalidIssuer: Token issuer is invalid (the token was issued by another tenant).' };
  }
  const exp = Number(claims.exp);
  if (!Number.isFinite(exp) || exp * 1000 <= nowMs) {
    return { ok: false, reason: 'ExpiredToken: The token is expired.' };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const rights = ALL_RIGHTS.filter((right) => roles.some((role) => ROLE_RIGHTS[role]?.includes(right)));
  // Expiry in the caller's clock, so a grant can be compared with Date.now().
  return { ok: true, rights, expiresAtMs: exp * 1000 - (trust.clockAheadMs ?? 0), subject: typeof claims.sub === 'string' ? claims.sub : undefined };
}

/** Azure's wording when a valid token lacks a claim, e.g. "'Listen' claim(s) are required". */
export function missingRightDescription(right: Right, resource: string): string {
  return `Unauthorized access. '${right}' claim(s) are required to perform this operation. Resource: '${resource}'.`;
}

/** Mints an HS256 token, for tests and for a stand-in `az` that hands the sandbox's tokens out. */
export function signHs256Jwt(claims: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}
