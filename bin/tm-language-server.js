#!/usr/bin/env node
// Required, not imported: importing CommonJS from an ES module makes Node scan the whole
// bundle for its exports first, which delays the server's start.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../out/server.cjs');
