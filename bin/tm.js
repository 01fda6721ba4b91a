#!/usr/bin/env node
// CommonJS (bin/package.json): an ES-module entry costs Node's module loader about 10 ms at
// every start, and importing the CommonJS bundle from one makes Node scan it for its exports.
const path = require('node:path');
const v8 = require('node:v8');
const { runWithCompileCache } = require('./compile-cache.js');

// A check is over in a second or two, and V8's optimising compiler is tuned for programs that
// run for minutes: it inlines callees of up to 460 bytes of bytecode, which makes each job
// for tm's parser and checks take tens of milliseconds, while the function goes on running
// unoptimised and, on a busy machine, the job waits for the other core. Inlining only small
// callees gets optimised code sooner: a cold 5,000-element check 3–14 % faster on two cores,
// 20–26 % on one, no slower at 50 or 20,000 elements (docs/performance.md, The CLI's cold start). Set
// before the bundle is compiled, as V8's code cache is valid for the flags it was made with.
v8.setFlagsFromString('--max-inlined-bytecode-size=60');

runWithCompileCache(path.join(__dirname, '..', 'out', 'cli.cjs'));
