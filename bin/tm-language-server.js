#!/usr/bin/env node
// CommonJS (bin/package.json): an ES-module entry costs Node's module loader about 10 ms at
// every start, and importing the CommonJS bundle from one makes Node scan it for its exports.
require('../out/server.cjs');
