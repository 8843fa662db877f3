// Preloaded with `node --import`: at exit, writes to $LOADED_FILES_FILE every module file the
// process loaded, ES modules (seen by a resolve hook) and CommonJS ones (the require cache), as
// paths. For checking what a command loads, not how long it takes.
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';

const { port1, port2 } = new MessageChannel();
const esm = new Set();
port1.on('message', (url) => esm.add(url));
port1.unref();
const hook = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: port2 }, transferList: [port2] });

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const files = new Set(Object.keys(require.cache));
  for (const url of esm) if (url.startsWith('file:')) files.add(fileURLToPath(url));
  writeFileSync(process.env.LOADED_FILES_FILE, JSON.stringify([...files].sort()));
});
