// Which entries are suggested where: an entry that applies is suggested until a threat naming it
// targets the element or flow, or the element or flow dismisses it or exempts all its letters.
import { describe, expect, test } from 'vitest';
import { check, withCode } from '../language/harness.js';

const BASE = 'external U\nprocess Api\nstore Db { kind database }\nflow In: U -> Api\n';

async function suggested(text: string): Promise<unknown[]> {
  return withCode(await check(text), 'suggested-threat').map(diagnostic => (diagnostic.data as { entries: string[] }).entries);
}

describe('suggested-threat', () => {
  test('lists each applicable entry once per flow, in the pack order', async () => {
    expect(await suggested(`${BASE}flow Q: Api -> Db { protocol SQL }`)).toEqual([['tm:sql-injection']]);
  });

  test('is gone once a threat on the flow names the entry', async () => {
    expect(await suggested(`${BASE}flow Q: Api -> Db\nthreat T { on Api, Q stride T catalogue "tm:sql-injection" }`)).toEqual([]);
  });

  test('a threat naming the entry on another target does not settle it here', async () => {
    expect(await suggested(`${BASE}flow Q: Api -> Db\nthreat T { on Api stride T catalogue "tm:sql-injection" }`)).toEqual([['tm:sql-injection']]);
  });

  test('is gone once the flow dismisses the entry, even without a reason (which has its own warning)', async () => {
    expect(await suggested(`${BASE}flow Q: Api -> Db { dismiss "tm:sql-injection" "ORM only" }`)).toEqual([]);
    const result = await check(`${BASE}flow Q: Api -> Db { dismiss "tm:sql-injection" }`);
    expect(withCode(result, 'suggested-threat')).toEqual([]);
    expect(withCode(result, 'incomplete-dismissal')).toHaveLength(1);
  });

  test('is gone when the flow exempts every letter of the entry with a reason', async () => {
    expect(await suggested(`${BASE}flow Q: Api -> Db { exempt T, I "read-only replica of public data" }`)).toEqual([]);
    expect(await suggested(`${BASE}flow Q: Api -> Db { exempt T "x" }`)).toEqual([['tm:sql-injection']]);
  });

  test('an unknown id in a dismissal is a warning and settles nothing', async () => {
    const result = await check(`${BASE}flow Q: Api -> Db { dismiss "tm:sql" "typo" }`);
    expect(withCode(result, 'unknown-catalogue-entry')).toHaveLength(1);
    expect(withCode(result, 'suggested-threat')).toHaveLength(1);
  });
});
