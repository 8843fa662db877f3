/**
 * Credentials for the Sheets API, from the three configured flows: a service-account key file,
 * an OAuth access token in a named environment variable, or Application Default Credentials.
 * The auth classes come from `@googleapis/sheets` itself (one copy of google-auth-library).
 *
 * The key-file flow's token request goes to a fixed Google URL (the library ignores the key's
 * `token_uri`); a request interceptor on the client's own transporter sends it to `tokenUrl`
 * instead when that is configured, and gives it our timeout and no built-in retries.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { configError, DigestError } from '../../errors.js';
import { readSecret, rememberSecret } from '../../secrets.js';
import { GOOGLE_TOKEN_URL, type GoogleSheetsAuthConfig } from './config.js';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';

type AuthPlus = typeof import('@googleapis/sheets')['auth'];
export type AuthClient = InstanceType<AuthPlus['OAuth2']>;

export interface Credentials {
  client: AuthClient;
  /** Who the sheet must be shared with, for error messages: an e-mail address, or null if unknown. */
  account: string | null;
  /** How the credentials were found, for `digest validate`. */
  description: string;
}

export interface AuthEnvironment {
  resolvePath: (path: string) => string;
  env: NodeJS.ProcessEnv;
}

/** Checks what can be checked without I/O (called when the source is built). */
export function checkAuthConfig(auth: GoogleSheetsAuthConfig, environment: AuthEnvironment): void {
  if (auth.type === 'access-token' && !readSecret(environment.env, auth.env)?.trim()) {
    throw new DigestError('SECRET_MISSING', `sources.sheet.auth: the environment variable ${auth.env} is not set; it must hold an OAuth access token for the Sheets API (e.g. from \`gcloud auth application-default print-access-token\`)`);
  }
  if (auth.type === 'service-account' && !auth.keyFile && !environment.env.GOOGLE_APPLICATION_CREDENTIALS) {
    throw configError('sources.sheet.auth: no service-account key file: set auth.keyFile in the config or the environment variable GOOGLE_APPLICATION_CREDENTIALS');
  }
}

interface ServiceAccountKey {
  type?: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

async function readKeyFile(path: string): Promise<ServiceAccountKey> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    throw configError(`sources.sheet.auth: cannot read the service-account key file ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(raw) as Partial<ServiceAccountKey>;
  } catch {
    throw configError(`sources.sheet.auth: ${path} is not JSON; download a key as JSON (Google Cloud console → IAM → Service accounts → Keys → Add key → JSON)`);
  }
  if (key.type !== undefined && key.type !== 'service_account') {
    throw configError(`sources.sheet.auth: ${path} holds "${String(key.type)}" credentials, not a service-account key; use auth.type: adc for those`);
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw configError(`sources.sheet.auth: ${path} lacks client_email or private_key; is it a service-account key file?`);
  }
  return key as ServiceAccountKey;
}

/** Our timeout and no built-in retries for token requests; redirects them to `tokenUrl` if set. */
function tuneTokenRequests(client: AuthClient, tokenUrl: string, timeoutMs: number): void {
  // Tokens obtained at run time are secrets as much as the key: remember them for the scrubber.
  client.on('tokens', (tokens) => {
    rememberSecret(tokens.access_token);
    rememberSecret(tokens.refresh_token);
    rememberSecret(tokens.id_token);
  });
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) !== GOOGLE_TOKEN_URL) return options;
      // The signed JWT assertion in the token request's body is a credential too.
      rememberAssertion(options.body ?? options.data);
      if (tokenUrl !== GOOGLE_TOKEN_URL) options.url = new URL(tokenUrl);
      options.retryConfig = { ...options.retryConfig, retry: 0, noResponseRetries: 0 };
      options.signal = AbortSignal.timeout(timeoutMs);
      return options;
    },
  });
}

function rememberAssertion(body: unknown): void {
  if (body && typeof body === 'object' && !(body instanceof URLSearchParams)) {
    rememberSecret((body as { assertion?: string }).assertion);
    return;
  }
  const text = body instanceof URLSearchParams ? body.toString() : typeof body === 'string' ? body : '';
  rememberSecret(new URLSearchParams(text).get('assertion'));
}

export async function loadCredentials(auth: GoogleSheetsAuthConfig, environment: AuthEnvironment, timeoutMs: number): Promise<Credentials> {
  checkAuthConfig(auth, environment);
  const { auth: google } = await import('@googleapis/sheets');
  switch (auth.type) {
    case 'access-token': {
      const client = new google.OAuth2();
      client.setCredentials({ access_token: readSecret(environment.env, auth.env)!.trim() });
      return { client, account: null, description: `access token from $${auth.env}` };
    }
    case 'service-account': {
      const fromEnv = environment.env.GOOGLE_APPLICATION_CREDENTIALS;
      const path = auth.keyFile ? environment.resolvePath(auth.keyFile) : resolve(fromEnv!);
      const key = await readKeyFile(isAbsolute(path) ? path : resolve(path));
      rememberSecret(key.private_key);
      const client = new google.JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [SHEETS_SCOPE] });
      tuneTokenRequests(client, auth.tokenUrl, timeoutMs);
      const where = auth.keyFile ? path : `$GOOGLE_APPLICATION_CREDENTIALS (${path})`;
      return { client, account: key.client_email, description: `service account ${key.client_email}, key file ${where}` };
    }
    case 'adc': {
      const keyFilename = environment.env.GOOGLE_APPLICATION_CREDENTIALS;
      const googleAuth = new google.GoogleAuth({ scopes: [SHEETS_SCOPE], ...(keyFilename ? { keyFilename } : {}) });
      let client: AuthClient;
      try {
        client = (await googleAuth.getClient()) as AuthClient;
      } catch (err) {
        throw configError(`sources.sheet.auth: no Application Default Credentials found (${(err as Error).message.split('\n')[0]}); run \`gcloud auth application-default login --scopes=${SHEETS_SCOPE},https://www.googleapis.com/auth/cloud-platform\` or set GOOGLE_APPLICATION_CREDENTIALS`);
      }
      tuneTokenRequests(client, auth.tokenUrl, timeoutMs);
      const email = (client as { email?: unknown }).email;
      const account = typeof email === 'string' ? email : null;
      return { client, account, description: `Application Default Credentials${account ? ` (${account})` : ''}` };
    }
  }
}
