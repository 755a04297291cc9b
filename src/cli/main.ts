// ct-events: the command line over src/core. Each sub-command lives in its own module.
import { runCli } from './run';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
