#!/usr/bin/env node
// CommonJS (bin/package.json): an ES-module entry costs Node's module loader about 10 ms at
// every start, and importing the CommonJS bundle from one makes Node scan it for its exports.
const path = require('node:path');
const { runWithCompileCache } = require('./compile-cache.js');

runWithCompileCache(path.join(__dirname, '..', 'out', 'cli.cjs'));
