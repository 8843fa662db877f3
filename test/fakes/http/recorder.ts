/**
 * A loopback HTTP server on port 0 that records every request (method, path, headers, body)
 * and answers from a handler: the webhook and heartbeat receiver, and the "echo" server whose
 * error bodies quote the credentials it was sent (a misbehaving API must not make them leak).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

export interface HttpRecorder {
  url: string;
  requests: RecordedRequest[];
  handler: Handler;
  close(): Promise<void>;
}

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('OK');
};

export async function startRecorder(handler: Handler = ok): Promise<HttpRecorder> {
  const requests: RecordedRequest[] = [];
  const recorder: HttpRecorder = { url: '', requests, handler, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      recorder.handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  recorder.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return recorder;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
