// Runs a CommonJS bundle with a V8 code cache beside it, as Node 22's `module.enableCompileCache()`
// does (Node 20, which tm supports, has no such switch). Node compiles every function of a
// bundle the first time it runs; the cache keeps the bytecode of the functions a run compiled,
// so the next process starts with them: 20–40 ms of a 50-element `tm check`, 40–115 ms of a
// 5,000-element one (docs/performance.md, The CLI's cold start).
//
// The cache is `<bundle>.compile-cache`: the SHA-256 of the bundle's text, then V8's data. V8
// itself checks only the text's length (and its own version and flags), so the hash is what
// keeps a rebuilt bundle from running an older bundle's bytecode. Whatever is wrong with the
// cache — missing, from another bundle or Node, unreadable, truncated — the bundle runs without
// it and the cache is written anew when the process exits; a directory that cannot be written
// (a read-only install) only means no cache. TM_DISABLE_COMPILE_CACHE=1 turns it off.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const HASH_BYTES = 32;

/** Runs the bundle at `file` as Node's `require` would, with its code cache if it has a usable one. */
function runWithCompileCache(file) {
  if (process.env.TM_DISABLE_COMPILE_CACHE === '1') {
    require(file);
    return;
  }
  const bytes = fs.readFileSync(file);
  const hash = crypto.createHash('sha256').update(bytes).digest();
  const cacheFile = `${file}.compile-cache`;
  const cachedData = readCache(cacheFile, hash);
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run, when the cache holds every function the run compiled.
    process.once('exit', () => writeCache(cacheFile, hash, script));
  }
  // The arguments Node's CommonJS loader gives a module; its `require` resolves from the bundle's folder.
  const bundle = { exports: {} };
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
}

/** V8's data in the cache file, if the file is the cache of the bundle whose hash is `hash`. */
function readCache(cacheFile, hash) {
  let contents;
  try {
    contents = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (contents.length <= HASH_BYTES || !contents.subarray(0, HASH_BYTES).equals(hash)) return undefined;
  return contents.subarray(HASH_BYTES);
}

/**
 * Writes the cache whole or not at all: another `tm` may be reading it, or writing it too.
 * Nothing here may throw: it runs as the process exits, and would change tm's exit code.
 */
function writeCache(cacheFile, hash, script) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([hash, script.createCachedData()]));
    fs.renameSync(temporary, cacheFile);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // A temporary file that cannot be removed is left; the cache is simply not written.
    }
  }
}

module.exports = { runWithCompileCache };
