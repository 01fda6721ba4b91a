// `tm import`'s one entry point: the text of a model in any format tm reads (JSON or YAML),
// its format detected or given, parsed within limits and dispatched to that format's importer.
// Every importer builds an ImportedModel; the one writer (tm-writer.ts) turns it into .tm text.
import { parse as parseYaml } from 'yaml';
import type { ImportedModel } from './imported-model.js';
import type { ImportResult } from './tm-writer.js';
import { writeTmModel } from './tm-writer.js';
import { field, isObject, textField } from './input-values.js';
import { ImportError } from './import-error.js';
import { threatDragonModel } from './threat-dragon-import.js';
import { otmModel } from './otm-import.js';
import { tmBomModel } from './tm-bom-import.js';
import { threagileModel } from './threagile-import.js';
import { pytmModel } from './pytm-import.js';

export { ImportError } from './import-error.js';

export const IMPORT_FORMATS = ['threat-dragon', 'otm', 'tm-bom', 'threagile', 'pytm-json'] as const;
export type ImportFormat = typeof IMPORT_FORMATS[number];

/** The largest file `tm import` reads. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** Values in one parsed file (aliases counted each time they expand): more is refused, not walked. */
export const MAX_IMPORT_VALUES = 5_000_000;

const IMPORTERS: ReadonlyMap<ImportFormat, (input: unknown) => ImportedModel> = new Map<ImportFormat, (input: unknown) => ImportedModel>([
  ['threat-dragon', threatDragonModel],
  ['otm', otmModel],
  ['tm-bom', tmBomModel],
  ['threagile', threagileModel],
  ['pytm-json', pytmModel],
]);

export interface ModelImport extends ImportResult {
  format: ImportFormat;
}

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** Imports a model from its text; a file that is not one of the formats is an ImportError, never a crash. */
export function importModel(text: string, options: { from?: ImportFormat } = {}): ModelImport {
  return importValue(parseInput(text), options);
}

/** Imports an already parsed JSON or YAML value. */
export function importValue(value: unknown, options: { from?: ImportFormat } = {}): ModelImport {
  const format = options.from ?? detectFormat(value);
  if (!format) {
    throw new ImportError('not a model tm can import: expected a Threat Dragon v2, OTM, TM-BOM, Threagile or pytm JSON model (--from names the format)');
  }
  const importer = IMPORTERS.get(format)!;
  return { ...writeTmModel(importer(value)), format };
}

/**
 * JSON, or YAML when it is not JSON (YAML 1.2 reads JSON too, but JSON.parse is faster and its
 * errors clearer). A byte-order mark is ignored. YAML aliases that expand past the limit are
 * refused by the parser; a value graph (aliases can make cycles) larger than the limit is
 * refused before any importer walks it.
 */
export function parseInput(text: string): unknown {
  if (text.length > MAX_IMPORT_BYTES) throw new ImportError(`larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  if (/^\s*[{[]/.test(body)) {
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new ImportError(`not JSON: ${(error as Error).message}`);
    }
  } else {
    try {
      value = parseYaml(body, { merge: true, maxAliasCount: 1000, prettyErrors: false, uniqueKeys: false });
    } catch (error) {
      throw new ImportError(`neither JSON nor YAML: ${oneLineMessage(error)}`);
    }
  }
  if (countValues(value) > MAX_IMPORT_VALUES) {
    throw new ImportError(`more than ${MAX_IMPORT_VALUES.toLocaleString('en')} values (or YAML aliases that expand to as many, or refer to themselves): refused`);
  }
  return value;
}

function oneLineMessage(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}

/** Values reachable from the root, each counted once per path, up to just past the limit. */
function countValues(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && count <= MAX_IMPORT_VALUES) {
    const value = stack.pop();
    count++;
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (isObject(value)) for (const key of Object.keys(value)) stack.push(value[key]);
  }
  return count;
}

/** The format of a parsed file, from the fields that mark each one. */
export function detectFormat(value: unknown): ImportFormat | undefined {
  if (!isObject(value)) return undefined;
  if (field(value, 'otmVersion') !== undefined) return 'otm';
  if (field(value, 'threagile_version') !== undefined || isObject(field(value, 'technical_assets'))) return 'threagile';
  if (isObject(field(value, 'detail')) && isObject(field(value, 'summary'))) return 'threat-dragon';
  if (/threat-model-library/.test(textField(value, '$schema')) || (isObject(field(value, 'scope')) && Array.isArray(field(value, 'data_flows')))) return 'tm-bom';
  if (Array.isArray(field(value, 'elements')) && Array.isArray(field(value, 'flows'))) return 'pytm-json';
  return undefined;
}
