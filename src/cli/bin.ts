#!/usr/bin/env node
const argv = process.argv.slice(2);
// `digest … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('./main.js');

process.exitCode = await main(argv);
