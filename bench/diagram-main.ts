// `npm run bench:diagram [model…]`: the diagram readability benchmark alone (the full `npm run
// bench` runs it too), on every model or on those named.
import { measureDiagrams, readabilityTable } from './diagram-readability.js';

measureDiagrams(line => process.stderr.write(`${line}\n`), process.argv.slice(2))
  .then(results => process.stdout.write(`${readabilityTable(results)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
