// Preloaded with `node --import`: at exit, writes to $LOADED_MODULES_FILE the CommonJS modules
// from node_modules/mjml* the process loaded (mjml and its packages are CommonJS, so every one
// of them passes through the CommonJS module cache, also when imported from ESM).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]mjml[^\\/]*[\\/]/.test(file));
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(loaded));
});
