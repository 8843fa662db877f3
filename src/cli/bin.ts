#!/usr/bin/env node
const argv = process.argv.slice(2);
// `digest … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// The bundled CLI (scripts/bundle.mjs): the same code as ./main.js in a few files instead of
// 191 modules, which is most of a cold run's module loading. A variable, so that tsc does
// not look for it: the bundle is built from tsc's output.
const bundled = '../app/main.js';
const { main } = (await import(bundled)) as typeof import('./main.js');

process.exitCode = await main(argv);
