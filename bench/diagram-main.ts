// `npm run bench:diagram`: the diagram readability benchmark alone (the full `npm run bench` runs it too).
import { measureDiagrams, readabilityTable } from './diagram-readability.js';

measureDiagrams(line => process.stderr.write(`${line}\n`))
  .then(results => process.stdout.write(`${readabilityTable(results)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
