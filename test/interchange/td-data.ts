// The real Threat Dragon models shipped in ../shared/data/threat-dragon/ (Apache-2.0, never
// copied into this repository). Tests that need them skip, saying why, when it is absent.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TD_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data/threat-dragon');
export const TD_DATA_PRESENT = fs.existsSync(path.join(TD_DATA_DIR, 'threat-dragon-v2.schema.json'));
export const TD_SKIP_REASON = `the Threat Dragon models are not in ${TD_DATA_DIR} (they are read from ../shared/data/threat-dragon/ next to the repository)`;

export function threatDragonModels(): Array<{ name: string; json: unknown }> {
  if (!TD_DATA_PRESENT) return [];
  return fs.readdirSync(TD_DATA_DIR)
    .filter(name => name.endsWith('.json') && !name.includes('schema'))
    .sort()
    .map(name => ({ name, json: JSON.parse(fs.readFileSync(path.join(TD_DATA_DIR, name), 'utf8')) as unknown }));
}

export function threatDragonSchema(): object {
  return JSON.parse(fs.readFileSync(path.join(TD_DATA_DIR, 'threat-dragon-v2.schema.json'), 'utf8')) as object;
}
