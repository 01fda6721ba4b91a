// Reading untyped values from a parsed JSON or YAML file: a field of the wrong type reads as
// empty, and only an object's own fields are read, so a key such as `__proto__`, `constructor`
// or `toString` is data, never something inherited.

export type InputObject = Record<string, unknown>;

export function isObject(value: unknown): value is InputObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own field of an object; anything inherited reads as absent. */
export function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A string field; a number or boolean becomes its text (YAML writes `version: 1.0` unquoted); anything else is empty. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // YAML reads an unquoted date as a Date.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return '';
}

export function textField(value: unknown, key: string): string {
  return text(field(value, key));
}

export function numberField(value: unknown, key: string): number | undefined {
  const found = field(value, key);
  const parsed = typeof found === 'number' ? found : typeof found === 'string' && found.trim() !== '' ? Number(found) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function flagField(value: unknown, key: string): boolean {
  const found = field(value, key);
  return found === true || (typeof found === 'string' && found.trim().toLowerCase() === 'true');
}

/** An array field; anything else is an empty list. */
export function listField(value: unknown, key: string): unknown[] {
  const found = field(value, key);
  return Array.isArray(found) ? found : [];
}

/** The strings of a list field (a single string is a list of one). */
export function textsField(value: unknown, key: string): string[] {
  const found = field(value, key);
  const list = Array.isArray(found) ? found : found === undefined || found === null ? [] : [found];
  return list.map(text).filter(entry => entry.trim() !== '');
}

/** A map field (`name: {…}` in YAML) as its entries, in order; anything else is empty. */
export function entriesField(value: unknown, key: string): Array<[string, unknown]> {
  const found = field(value, key);
  return isObject(found) ? Object.entries(found) : [];
}

/** A lookup table keyed by input values: a Map, so no key can reach Object.prototype. */
export function lookup<V>(entries: ReadonlyArray<readonly [string, V]>): (key: string) => V | undefined {
  const map = new Map(entries.map(([key, value]) => [key.toLowerCase(), value]));
  return key => map.get(key.trim().toLowerCase());
}
