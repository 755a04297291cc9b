// Checks Shared Access Signature tokens the way Service Bus does: the signature is an
// HMAC-SHA256, keyed with the shared access key, over "<url-encoded resource>\n<expiry>".
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SasKey {
  keyName: string;
  key: string;
}

export type SasVerdict = { ok: true; resource: string } | { ok: false; reason: string };

export function verifySasToken(token: string, key: SasKey, nowMs = Date.now()): SasVerdict {
  const prefix = 'SharedAccessSignature ';
  if (!token.startsWith(prefix)) {
    return { ok: false, reason: 'The token is not a shared access signature.' };
  }
  const fields = new Map<string, string>();
  for (const part of token.slice(prefix.length).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  const sr = fields.get('sr');
  const sig = fields.get('sig');
  const se = fields.get('se');
  const skn = fields.get('skn');
  if (sr === undefined || sig === undefined || se === undefined || skn === undefined) {
    return { ok: false, reason: 'The token is missing sr, sig, se or skn.' };
  }
  if (decodeURIComponent(skn) !== key.keyName) {
    return { ok: false, reason: `The key name "${decodeURIComponent(skn)}" is not known.` };
  }
  const expiry = Number(se);
  if (!Number.isFinite(expiry) || expiry * 1000 <= nowMs) {
    return { ok: false, reason: 'The token has expired.' };
  }
  const expected = createHmac('sha256', key.key).update(`${sr}\n${se}`).digest();
  const given = Buffer.from(decodeURIComponent(sig), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'The token signature does not match the key.' };
  }
  return { ok: true, resource: decodeURIComponent(sr) };
}

/** The path part of a resource URI, lower-cased, without slashes at either end: what a token grants. */
export function resourcePath(resource: string): string {
  const withoutScheme = resource.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return withoutScheme.replace(/^\/+|\/+$/g, '').toLowerCase();
}
