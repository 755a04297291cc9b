// ct-events: the command line over src/core. Each sub-command lives in its own module.
import { runCli } from './run';

// A reader that stops early (`ct-events peek --json | head`) closes the pipe: that ends the
// command quietly instead of crashing with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
