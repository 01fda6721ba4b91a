// The OTM and TM-BOM schemas the exports are validated against (schemas/, written for tm's
// tests and compared field by field with the official files: docs/otm.md, docs/tm-bom.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv from 'ajv';

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'schemas', name), 'utf8')) as object;
/** The formats the TM-BOM schema names (RFC 3339 dates and times, URIs), without another dependency. */
const FORMATS = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  'date-time': /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
};
export const validateOtm = new Ajv({ allErrors: true, strict: false }).compile(schema('otm.schema.json'));
export const validateTmBom = new Ajv2020({ allErrors: true, strict: false, formats: FORMATS }).compile(schema('tm-bom.schema.json'));

