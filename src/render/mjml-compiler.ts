/**
 * MJML → HTML in a worker thread. Loading mjml (its components, juice, cheerio, the CSS
 * toolchain) is the largest single cost of a cold run, about half a second. In a worker it
 * loads on the second core while the main thread reads the config and the sources and builds
 * the digest: `warmUpMjml()` starts it as early as a command knows it will render.
 *
 * The worker is unref'd while idle, so it never keeps a finished process alive, and ref'd
 * while a compilation is in flight, so the process waits for the answer.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type ValidationLevel = 'strict' | 'soft' | 'skip';

export interface MjmlResult {
  html: string;
  /** Validation messages (`soft` level); `strict` rejects instead. */
  errors: string[];
}

/*
 * mjml-core requires its HTML and CSS minifiers (htmlnano, cssnano-preset-lite) and its
 * beautifier (js-beautify) when it loads, although only the `minify` and `beautify` options use
 * them, and this tool turns both off. The worker puts inert stand-ins into the module cache
 * first, which keeps ~100 ms of loading off every run; a stand-in that is ever called throws.
 * test/render/mjml-compiler.test.ts checks the HTML equals plain mjml's.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const unused = (name) => () => { throw new Error(name + ' is not loaded: minify and beautify are off'); };
try {
  const fromCore = Module.createRequire(require.resolve('mjml-core', { paths: [workerData.mjmlPath] }));
  for (const [name, exports] of [
    ['htmlnano', { default: unused('htmlnano') }],
    ['cssnano-preset-lite', unused('cssnano-preset-lite')],
    ['js-beautify', { html: unused('js-beautify'), css: unused('js-beautify'), js: unused('js-beautify') }],
  ]) {
    const file = fromCore.resolve(name);
    const stand = new Module(file);
    stand.filename = file;
    stand.loaded = true;
    stand.exports = exports;
    require.cache[file] = stand;
  }
} catch {
  // A different layout of mjml's packages: load them all, as mjml would.
}
const loaded = require(workerData.mjmlPath);
const mjml2html = typeof loaded === 'function' ? loaded : loaded.default;
parentPort.on('message', async ({ id, mjml, options }) => {
  try {
    const result = await mjml2html(mjml, options);
    parentPort.postMessage({ id, html: result.html, errors: result.errors.map((e) => e.formattedMessage || e.message) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

interface Reply {
  id: number;
  html?: string;
  errors?: string[];
  error?: string;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (r: MjmlResult) => void; reject: (e: Error) => void }>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
  worker = null;
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const mjmlPath = createRequire(import.meta.url).resolve('mjml');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { mjmlPath } });
  w.on('message', (reply: Reply) => {
    const entry = pending.get(reply.id);
    if (!entry) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.error !== undefined) entry.reject(new Error(reply.error));
    else entry.resolve({ html: reply.html ?? '', errors: reply.errors ?? [] });
  });
  w.on('error', (error) => failAll(error));
  w.on('exit', (code) => failAll(new Error(`the MJML worker stopped (exit code ${code})`)));
  w.unref();
  worker = w;
  return w;
}

/** Starts loading mjml in the background; harmless to call more than once. */
export function warmUpMjml(): void {
  ensureWorker();
}

export function compileMjml(mjml: string, validationLevel: ValidationLevel): Promise<MjmlResult> {
  const w = ensureWorker();
  const id = nextId++;
  return new Promise<MjmlResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    // No web fonts (no network at render time), comments dropped, no minify (slow; see render).
    w.postMessage({ id, mjml, options: { validationLevel, fonts: {}, keepComments: false, minify: false, beautify: false } });
  });
}
