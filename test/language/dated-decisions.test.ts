// `ticket`, `date` and `until` on acceptances and transfers, and decisions that lapse
// (docs/language.md §4, §6 `invalid-date` and `expired-decision`, §10).
import { describe, expect, it } from 'vitest';
import { check, expectDiagnostic, expectNoCode, withCode } from './harness.js';

const TODAY = { today: '2026-12-07' };
const HIGH = 'process P\nthreat T { on P stride T likelihood 3 impact 3';

describe('ticket, date and until on acceptances and transfers', () => {
  it('parse in any order after the required parts, and count while current', async () => {
    const result = await check(`${HIGH}
  accepted "Internal only" by "cto" until "2027-05-01" ticket "SEC-12" date "2026-11-01"
  transferred "Insured" to "Insurer" date "2026-11-01" ticket "INS-3" }`, TODAY);
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'invalid-date');
    expectNoCode(result, 'expired-decision');
    expectNoCode(result, 'open-fix-now');
  });

  it('a second `until` is a duplicate field', async () => {
    const result = await check(`${HIGH} accepted "fine" by "cto" until "2027-01-01" «until "2027-02-01"» }`, TODAY);
    expectDiagnostic(result, { code: 'duplicate-field', severity: 'error', message: /^`until` is already set on line 2/ });
  });

  it('`date` and `until` are still names', async () => {
    const result = await check('process date\nprocess until\nflow F: date -> until', TODAY);
    expectNoCode(result, 'syntax-error');
  });
});

describe('invalid-date', () => {
  it.each(['1 Nov 2026', '2026-02-30', '2026-1-01', ''])('"%s" is not a date, on the string, with the fix', async text => {
    const result = await check(`${HIGH} accepted "fine" by "cto" date «"${text}"» }`, TODAY);
    expectDiagnostic(result, { code: 'invalid-date', severity: 'error', message: /is not a YYYY-MM-DD date: write the day of the decision as `date "2026-11-01"`\.$/ });
  });

  it('a malformed until is reported and never expires the decision', async () => {
    const result = await check(`${HIGH} transferred "ok" to "them" until «"soon"» }`, TODAY);
    expectDiagnostic(result, { code: 'invalid-date', severity: 'error', message: /^"soon" is not a YYYY-MM-DD date: write the last day it holds as `until "2026-11-01"`\.$/ });
    expectNoCode(result, 'open-fix-now');
  });

  it('an until before the date is reported on the until', async () => {
    const result = await check(`${HIGH} accepted "fine" by "cto" date "2027-01-02" until «"2027-01-01"» }`, TODAY);
    expectDiagnostic(result, { code: 'invalid-date', severity: 'error', message: /^This acceptance ends \(until 2027-01-01\) before it was made \(date 2027-01-02\): write an `until` on or after the `date`\.$/ });
  });

  it('an until on the date itself is fine', async () => {
    expectNoCode(await check(`${HIGH} accepted "fine" by "cto" date "2027-01-01" until "2027-01-01" }`, TODAY), 'invalid-date');
  });
});

describe('expired-decision', () => {
  it('the until day itself still counts', async () => {
    const result = await check(`${HIGH} accepted "fine" by "cto" until "2026-12-07" }`, TODAY);
    expectNoCode(result, 'expired-decision');
    expectNoCode(result, 'open-fix-now');
  });

  it('the day after, the acceptance lapses: a warning on the until, and the threat is open-fix-now again', async () => {
    const result = await check(`process P\nthreat «T» { on P stride T likelihood 3 impact 3 accepted "fine" by "cto" until «"2026-12-06"» }`, TODAY);
    expectDiagnostic(result, {
      code: 'expired-decision', severity: 'warning', mark: 1,
      message: /^This acceptance expired after 2026-12-06 \(today is 2026-12-07\), so it no longer counts/,
    });
    expectDiagnostic(result, { code: 'open-fix-now', severity: 'warning', message: /^Threat T scores 9 \(fix now\) and is open \(its acceptance expired after 2026-12-06\): add a mitigation/ });
  });

  it('follows --today: the same model is current on an earlier day', async () => {
    const text = `${HIGH} transferred "ok" to "them" until "2026-06-30" }`;
    expect(withCode(await check(text, { today: '2026-06-30' }), 'expired-decision')).toHaveLength(0);
    expect(withCode(await check(text, { today: '2026-07-01' }), 'expired-decision')).toHaveLength(1);
    expect(withCode(await check(text, { today: '2026-07-01' }), 'open-fix-now')).toHaveLength(1);
  });

  it('an expired decision beside a current one leaves the current one counting', async () => {
    const result = await check(`${HIGH} accepted "old" by "cto" until "2026-01-01" accepted "renewed" by "cto" until "2027-01-01" }`, TODAY);
    expect(withCode(result, 'expired-decision')).toHaveLength(1);
    expectNoCode(result, 'open-fix-now');
  });
});
