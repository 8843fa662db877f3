#!/usr/bin/env node
const argv = process.argv.slice(2);
// `digest … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// Commands that render start loading mjml on the other core before anything else loads,
// even before the argument parser (see render/mjml-compiler.ts).
const RENDERING_COMMANDS = ['preview', 'send', 'run', 'schedule'];
if (RENDERING_COMMANDS.includes(argv[0] ?? '')) (await import('../render/mjml-compiler.js')).warmUpMjml();
const { main } = await import('./main.js');

process.exitCode = await main(argv);
