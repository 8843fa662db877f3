// Loads a loopback fake from test/fakes/<name>/ into the bench: the fakes are TypeScript (the
// tests run them through vitest), so each file is transpiled to a temporary folder, with bare
// imports (csv-parse) resolved from the repository.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Returns a module getter: `(await loadFake(root, work, 'hubspot'))('server.js')`. */
export async function loadFake(root, work, name) {
  const ts = (await import(join(root, 'node_modules/typescript/lib/typescript.js'))).default;
  const require = createRequire(join(root, 'package.json'));
  const dir = join(work, `${name}-fake`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const src = join(root, 'test/fakes', name);
  for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
    const out = ts.transpileModule(readFileSync(join(src, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    const code = out.outputText.replace(/from '([^.'][^']*)'/g, (m, spec) => (spec.startsWith('node:') ? m : `from '${pathToFileURL(require.resolve(spec)).href}'`));
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), code);
  }
  return (file) => import(join(dir, file));
}
