/**
 * Who may read the preview server: on loopback only requests whose Host is exactly a loopback
 * name (DNS rebinding cannot reach it); bound to another address only with the access token.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHostHeader, startPreviewServer, type PreviewServer } from '../../src/preview/server.js';
import { EXAMPLE_CONFIG } from '../helpers/cli.js';

function status(server: PreviewServer, path: string, headers: Record<string, string>): Promise<{ status: number; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host header on loopback', () => {
  let server: PreviewServer;
  beforeAll(async () => {
    server = await startPreviewServer({ configPath: EXAMPLE_CONFIG, week: '2026-W47', debounceMs: 50 });
  });
  afterAll(() => server.close());

  it.each(['127.0.0.1.attacker.example', '127evil', 'evil.example.com', '127.0.0.2', 'localhost.evil.example'])('refuses Host %j', async (host) => {
    expect((await status(server, '/events', { host: `${host}:${server.port}` })).status).toBe(403);
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('serves Host %s with the port', async (host) => {
    expect((await status(server, '/events?probe=1', { host: `${host}:${server.port}` })).status).toBe(200);
  });

  it('checks the header exactly', () => {
    expect(isLoopbackHostHeader('127.0.0.1')).toBe(true);
    expect(isLoopbackHostHeader('localhost:4310')).toBe(true);
    expect(isLoopbackHostHeader('127.0.0.1:4310.evil')).toBe(false);
    expect(isLoopbackHostHeader(undefined)).toBe(false);
  });
});

describe('a non-loopback --host', () => {
  it('needs an access token to start', async () => {
    await expect(startPreviewServer({ configPath: EXAMPLE_CONFIG, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('DIGEST_PREVIEW_TOKEN') });
  });

  it('checks the token on every request', async () => {
    const server = await startPreviewServer({ configPath: EXAMPLE_CONFIG, week: '2026-W47', host: '0.0.0.0', port: 0, accessToken: 'preview-token-for-the-team-0042' });
    try {
      expect((await status(server, '/events', { host: 'digest.intra.example:80' })).status).toBe(401);
      expect((await status(server, '/events?token=wrong-token-0000000000000000', {})).status).toBe(401);
      const ok = await status(server, '/events?token=preview-token-for-the-team-0042', {});
      expect(ok.status).toBe(200);
      // The page's frame and event stream carry no query: the cookie takes the token along.
      expect(ok.cookie).toMatch(/^digest_preview_token=.+; HttpOnly; SameSite=Strict/);
      expect((await status(server, '/events', { cookie: ok.cookie!.split(';')[0]! })).status).toBe(200);
      expect((await status(server, '/events', { authorization: 'Bearer preview-token-for-the-team-0042' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
