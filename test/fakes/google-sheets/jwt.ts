/** The token endpoint's check of a service account's signed JWT assertion (RS256). */
import { createVerify } from 'node:crypto';

export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
export const SHEETS_READONLY = 'https://www.googleapis.com/auth/spreadsheets.readonly';

export interface Claims {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

type Verdict = { claims: Claims } | { error: 'invalid_grant' | 'unsupported_grant_type'; description: string };

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

export function verifyAssertion(assertion: string, keys: ReadonlyMap<string, string>, nowS = Math.floor(Date.now() / 1000)): Verdict {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { error: 'invalid_grant', description: 'Invalid JWT: malformed.' };
  const [head, payload, signature] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Claims;
  try {
    header = decode(head);
    claims = decode(payload) as Claims;
  } catch {
    return { error: 'invalid_grant', description: 'Invalid JWT: not JSON.' };
  }
  if (header.alg !== 'RS256') return { error: 'invalid_grant', description: 'Invalid JWT: alg must be RS256.' };
  const key = keys.get(String(claims.iss));
  if (!key) return { error: 'invalid_grant', description: 'Invalid grant: account not found' };
  const verify = createVerify('RSA-SHA256').update(`${head}.${payload}`);
  if (!verify.verify(key, Buffer.from(signature, 'base64url'))) return { error: 'invalid_grant', description: 'Invalid JWT Signature.' };
  if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return { error: 'invalid_grant', description: `Invalid JWT: aud must be ${GOOGLE_TOKEN_AUDIENCE}.` };
  if (typeof claims.exp !== 'number' || claims.exp <= nowS || claims.exp - claims.iat > 3600) return { error: 'invalid_grant', description: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.' };
  if (!String(claims.scope ?? '').split(' ').includes(SHEETS_READONLY)) return { error: 'invalid_grant', description: 'Invalid JWT: no Sheets scope.' };
  return { claims };
}
