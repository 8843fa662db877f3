/**
 * `digest preview --serve`: a local web page that shows the rendered email at a phone and a
 * desktop width and reloads when a template, the config or the data changes.
 *
 * Routes: `/` the page (`?digest=&week=`), `/email` the email's HTML with `cid:` images pointed
 * at `/image/<cid>`, `/events` Server-Sent Events (`reload`). Binds to 127.0.0.1 unless a host
 * is given. On loopback it answers only requests whose Host is exactly a loopback name with the
 * port (`127.0.0.1:4310`, `localhost:4310`, `[::1]:4310`), so a web page elsewhere cannot read
 * it through DNS rebinding. Bound to any other address it serves revenue figures to a network,
 * so it requires an access token (from the environment), checked on every request.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DigestError } from '../errors.js';
import { forgetTemplates } from '../render/templates.js';
import { safeMessage } from '../secrets.js';
import { DEFAULT_TEMPLATES_DIR } from '../render/index.js';
import { errorPage, previewPage, withImageRoutes } from './page.js';
import { dataFolders, PreviewRenderer, type PreviewTarget } from './renderer.js';
import { watchInputs, type Watcher } from './watch.js';

export interface PreviewServerOptions {
  /** The config file. @default $DIGEST_CONFIG, else ./digest.config.yaml */
  configPath?: string | undefined;
  /** The digest and week shown first. @default the only digest, the last complete week */
  digest?: string | undefined;
  week?: string | undefined;
  /** @default the repository's `templates/` */
  templatesDir?: string | undefined;
  /** @default '127.0.0.1' */
  host?: string | undefined;
  /** @default 0 (any free port) */
  port?: number | undefined;
  /** Quiet time after the last file event before reloading. @default 120 */
  debounceMs?: number | undefined;
  /** Called with what changed, after the cache is dropped (for logs). */
  onReload?: ((what: string) => void) | undefined;
  /** Required when `host` is not a loopback address: every request must carry it. */
  accessToken?: string | undefined;
}

/** The environment variable that holds the preview server's access token for a non-loopback --host. */
export const PREVIEW_TOKEN_ENV = 'DIGEST_PREVIEW_TOKEN';

export interface PreviewServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_BIND = new Set(['127.0.0.1', '::1', 'localhost']);
/** A Host header naming a loopback address exactly, with an optional port. */
const LOOPBACK_HOST_HEADER = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
export const isLoopbackHostHeader = (header: string | undefined) => LOOPBACK_HOST_HEADER.test(header ?? '');
const TOKEN_COOKIE = 'digest_preview_token';

function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const query = url.searchParams.get('token');
  if (query) return query;
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const host = options.host ?? '127.0.0.1';
  const loopback = LOOPBACK_BIND.has(host);
  if (!loopback && !options.accessToken) {
    throw new DigestError('USAGE', `--host ${host} would serve the digest to the network: set ${PREVIEW_TOKEN_ENV} to an access token first (every request must then carry it)`);
  }
  const renderer = new PreviewRenderer({ configPath: options.configPath, templatesDir, initial: { digest: options.digest, week: options.week } });
  // Fail at start for a missing or invalid config, not on the first page view.
  const loaded = await renderer.loadConfig();
  const clients = new Set<ServerResponse>();

  const watcher: Watcher = watchInputs({ templatesDir, configFile: loaded.path, dataFolders: dataFolders(loaded) }, (what) => {
    forgetTemplates(templatesDir);
    renderer.invalidate();
    renderer.loadConfig().then((l) => watcher.setDataFolders(dataFolders(l)), () => undefined);
    for (const res of clients) res.write(`event: reload\ndata: ${what.replace(/\n/g, ' ')}\n\n`);
    options.onReload?.(what);
  }, options.debounceMs);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', safeMessage(error));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (loopback && !isLoopbackHostHeader(req.headers.host)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const url = new URL(req.url ?? '/', 'http://preview.local');
    if (!loopback) {
      const token = presentedToken(req, url);
      if (!token || !sameToken(token, options.accessToken!)) return send(res, 401, 'text/plain; charset=utf-8', `access token required (?token=… once, or Authorization: Bearer …)`);
      // The page's frame and event stream carry no query: a strict cookie takes the token along.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const target: PreviewTarget = { digest: url.searchParams.get('digest') || undefined, week: url.searchParams.get('week') || undefined };
    const version = renderer.version;

    if (url.pathname === '/events') return openEvents(res);
    if (url.pathname === '/') {
      try {
        return send(res, 200, 'text/html; charset=utf-8', previewPage(await renderer.render(target), version));
      } catch (error) {
        return send(res, 200, 'text/html; charset=utf-8', errorPage(safeMessage(error), {}, version));
      }
    }
    if (url.pathname === '/email') {
      const result = await renderer.render(target);
      return send(res, 200, 'text/html; charset=utf-8', withImageRoutes(result.rendered.html, result.digestId, result.week, version));
    }
    if (url.pathname.startsWith('/image/')) {
      const cid = decodeURIComponent(url.pathname.slice('/image/'.length));
      const image = (await renderer.render(target)).rendered.images.find((i) => i.cid === cid);
      return image ? send(res, 200, image.contentType, image.content) : send(res, 404, 'text/plain; charset=utf-8', `no image ${cid}`);
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: hello\ndata: ${renderer.version}\n\n`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        watcher.close();
        for (const res of clients) res.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
