/**
 * `digest preview --serve`: a local web page that shows the rendered email at a phone and a
 * desktop width and reloads when a template, the config or the data changes.
 *
 * Routes: `/` the page (`?digest=&week=`), `/email` the email's HTML with `cid:` images pointed
 * at `/image/<cid>`, `/events` Server-Sent Events (`reload`). Binds to 127.0.0.1 unless a host
 * is given; while bound to loopback it answers only requests addressed to a loopback name
 * (a web page elsewhere cannot reach it through DNS rebinding).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forgetTemplates } from '../render/templates.js';
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
}

export interface PreviewServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const isLoopbackHost = (host: string) => LOOPBACK.has(host) || host.startsWith('127.');

export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const host = options.host ?? '127.0.0.1';
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
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String((error as Error)?.message ?? error));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (isLoopbackHost(host) && !isLoopbackHost(hostHeader)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const url = new URL(req.url ?? '/', 'http://preview.local');
    const target: PreviewTarget = { digest: url.searchParams.get('digest') || undefined, week: url.searchParams.get('week') || undefined };
    const version = renderer.version;

    if (url.pathname === '/events') return openEvents(res);
    if (url.pathname === '/') {
      try {
        return send(res, 200, 'text/html; charset=utf-8', previewPage(await renderer.render(target), version));
      } catch (error) {
        return send(res, 200, 'text/html; charset=utf-8', errorPage((error as Error).message ?? String(error), {}, version));
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
