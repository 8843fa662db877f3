#!/usr/bin/env node
const argv = process.argv.slice(2);
// `digest … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// preview and send always render: they start loading mjml on the other core before anything
// else loads, even the argument parser. (run and schedule render only when a send is due;
// prepareMessage starts it then.)
if (argv[0] === 'preview' || argv[0] === 'send') (await import('../render/mjml-compiler.js')).warmUpMjml();
const { main } = await import('./main.js');

process.exitCode = await main(argv);
