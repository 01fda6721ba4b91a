// `tm import` on the command line: formats detected or named with --from, the summary on
// stderr, --report, and the files it must refuse quickly (#23 item 14: a FIFO, a file over the
// size limit) or accept (a byte-order mark).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../server/interchange/import-model.js';
import { runTm, scratchDir } from './run.js';

const FIXTURES = path.resolve(import.meta.dirname, '../interchange/fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const TD_MODEL = JSON.stringify({ version: '2.3.0', summary: { title: 'Tiny' }, detail: { diagrams: [{ title: 'D', cells: [
  { id: 'u', shape: 'actor', position: { x: 0, y: 0 }, size: { width: 10, height: 10 }, data: { name: 'User' } },
  { id: 'p', shape: 'process', position: { x: 50, y: 0 }, size: { width: 10, height: 10 }, data: { name: 'Api' } },
  { id: 'f', shape: 'flow', source: { cell: 'u' }, target: { cell: 'p' }, data: { name: 'call' } },
  { id: 'g', shape: 'flow', source: { cell: 'u' }, target: { cell: 'nowhere' }, data: { name: 'dangling' } },
] }] } });

describe('tm import', () => {
  test('detects the format, writes the file, and sums up on stderr what did not fit', async () => {
    const { dir, cleanup } = await scratchDir({ 'photos.yaml': fixture('threagile-small.yaml') });
    try {
      const run = await runTm(['import', 'photos.yaml', '-o', 'photos.tm'], dir);
      expect(run.code).toBe(0);
      expect(run.stderr.split('\n')[0]).toBe('tm import: photos.yaml read as Threagile: 11 declarations (2 approximated), 2 items left out');
      expect(run.stderr).toContain('tm import: left out: shared runtime Kubernetes (upload-api)');
      expect(fs.readFileSync(path.join(dir, 'photos.tm'), 'utf8')).toContain('model "Photo sharing"');
      // A folder: the file is named after the input.
      expect((await runTm(['import', 'photos.yaml', '-o', 'out/'], dir)).code).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['photos.tm']);
    } finally {
      await cleanup();
    }
  });

  test('--report writes what was mapped, approximated and left out as JSON', async () => {
    const { dir, cleanup } = await scratchDir({ 'td.json': TD_MODEL });
    try {
      expect((await runTm(['import', 'td.json', '--report', 'report.json'], dir)).code).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as { source: string; format: string; entries: unknown[] };
      expect(report).toEqual({
        source: 'td.json',
        format: 'threat-dragon',
        entries: [
          { status: 'left-out', source: 'the model', detail: 'Flow "dangling" in diagram "D" not imported: it is not connected to an element at both ends.' },
          { status: 'mapped', source: 'actor "User" in diagram "D"', declaration: 'external User' },
          { status: 'mapped', source: 'process "Api" in diagram "D"', declaration: 'process Api' },
          { status: 'mapped', source: 'flow "call" in diagram "D"', declaration: 'flow Call' },
        ],
      });
    } finally {
      await cleanup();
    }
  });

  test('--from names the format; an unknown one is a usage error', async () => {
    const { dir, cleanup } = await scratchDir({ 'td.json': TD_MODEL });
    try {
      expect(await runTm(['import', '--from', 'otm', 'td.json'], dir)).toMatchObject({ code: 2, stderr: 'tm import: td.json: not an Open Threat Model: otmVersion is missing\n' });
      expect((await runTm(['import', '--from', 'threat-dragon', 'td.json'], dir)).code).toBe(0);
      expect(await runTm(['import', '--from', 'visio', 'td.json'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown format 'visio' for --from") });
    } finally {
      await cleanup();
    }
  });

  test('a Threat Dragon file with a UTF-8 byte-order mark imports', async () => {
    const { dir, cleanup } = await scratchDir({ 'bom.json': `\uFEFF${TD_MODEL}` });
    try {
      const run = await runTm(['import', 'bom.json'], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('model "Tiny"');
    } finally {
      await cleanup();
    }
  });

  test.skipIf(process.platform === 'win32')('a FIFO is refused at once instead of blocking forever', async () => {
    const { dir, cleanup } = await scratchDir();
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
      expect(await runTm(['import', 'pipe.json'], dir)).toMatchObject({ code: 2, stderr: 'tm import: cannot read pipe.json: not a regular file (a pipe, socket or device)\n' });
    } finally {
      await cleanup();
    }
  }, 10_000);

  test('a file over the size limit is refused without being read whole', async () => {
    const { dir, cleanup } = await scratchDir();
    try {
      // Sparse: no disk is written for its size.
      const handle = fs.openSync(path.join(dir, 'huge.json'), 'w');
      fs.ftruncateSync(handle, MAX_IMPORT_BYTES + 1);
      fs.closeSync(handle);
      expect(await runTm(['import', 'huge.json'], dir)).toMatchObject({ code: 2, stderr: 'tm import: huge.json is larger than 100 MB, the most tm import reads\n' });
    } finally {
      await cleanup();
    }
  }, 60_000);
});
