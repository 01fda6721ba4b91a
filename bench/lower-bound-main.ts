// `node out/bench-lower-bound.cjs FILE.json`: the cold lower bound, a process that reads the
// model as JSON and resolves its names (bench/lower-bound.ts), exiting 0 when all resolve.
import { readFileSync } from 'node:fs';
import { parseAndResolveJson } from './lower-bound.js';

const unresolved = parseAndResolveJson(readFileSync(process.argv[2], 'utf8'));
process.exitCode = unresolved === 0 ? 0 : 1;
