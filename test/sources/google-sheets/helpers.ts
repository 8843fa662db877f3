/** Builds a Google Sheets source against the fake, through the config schema (defaults included). */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { googleSheetsSourceSchema } from '../../../src/sources/google-sheets/config.js';
import { createGoogleSheetsSource, type GoogleSheetsHooks } from '../../../src/sources/google-sheets/index.js';
import { FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { tempDir } from '../../helpers/cli.js';

export const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-sheet';
export const TOKEN = 'ya29.test-access-token-SECRET';
export const TOKEN_ENV = 'DIGEST_TEST_SHEETS_TOKEN';

export function sourceConfig(fake: FakeSheetsApi, overrides: Record<string, unknown> = {}) {
  return v.parse(googleSheetsSourceSchema, {
    type: 'google-sheets',
    spreadsheetId: SHEET_ID,
    apiRoot: fake.url,
    auth: { type: 'access-token', env: TOKEN_ENV },
    backoffMs: 1,
    maxBackoffMs: 5,
    timeoutMs: 2000,
    ...overrides,
  });
}

/** A source reading the fake with the access token (accepted as `owner`). */
export function tokenSource(fake: FakeSheetsApi, overrides: Record<string, unknown> = {}, hooks: GoogleSheetsHooks = {}, owner = 'lead@example.com') {
  fake.tokens.set(TOKEN, owner);
  return createGoogleSheetsSource(sourceConfig(fake, overrides), { resolvePath: (p) => p, env: { [TOKEN_ENV]: TOKEN } }, hooks);
}

export interface ServiceAccountKey {
  path: string;
  email: string;
  privateKey: string;
}

/** A fresh RSA key pair written as a Google service-account key file; the fake knows its public key. */
export async function serviceAccountKey(fake: FakeSheetsApi, email = 'digest-reader@alignment-digest.iam.gserviceaccount.com'): Promise<ServiceAccountKey> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  fake.serviceAccounts.set(email, publicKey);
  const path = join(await tempDir('digest-sa-'), 'key.json');
  await writeFile(path, JSON.stringify({
    type: 'service_account',
    project_id: 'alignment-digest',
    private_key_id: 'abc123',
    private_key: privateKey,
    client_email: email,
    client_id: '1234567890',
    // Google's library ignores token_uri: pointing it at the fake would not redirect anything.
    token_uri: 'https://oauth2.googleapis.com/token',
  }));
  return { path, email, privateKey };
}
