import { describe, expect, it } from 'vitest';
import { parseIsoDate, reviewVerdict, todayIso } from '../../server/domain/review.js';

describe('parseIsoDate', () => {
  it.each(['2026-11-23', '2024-02-29', '2026-12-31', ' 2026-01-01 '])('%s is a date', text => {
    expect(parseIsoDate(text)).toBe(Date.UTC(Number(text.trim().slice(0, 4)), Number(text.trim().slice(5, 7)) - 1, Number(text.trim().slice(8, 10))));
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-11-23', '2026/11/23', '2026-11-23T00:00', 'yesterday', ''])('%s is not', text => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

it('todayIso is the UTC date', () => {
  expect(todayIso(new Date('2026-11-23T23:59:59Z'))).toBe('2026-11-23');
  expect(todayIso(new Date('2026-11-24T00:30:00+02:00'))).toBe('2026-11-23');
});

describe('reviewVerdict on 2026-11-23', () => {
  it.each([
    { reviewed: undefined, maxAge: 90, verdict: { kind: 'missing' } },
    { reviewed: 'soon', maxAge: 90, verdict: { kind: 'malformed', text: 'soon' } },
    { reviewed: '2026-11-24', maxAge: 90, verdict: { kind: 'future', text: '2026-11-24' } },
    { reviewed: '2026-11-23', maxAge: 0, verdict: { kind: 'fresh', ageDays: 0 } },
    { reviewed: '2026-11-22', maxAge: 0, verdict: { kind: 'stale', ageDays: 1 } },
    { reviewed: '2026-08-25', maxAge: 90, verdict: { kind: 'fresh', ageDays: 90 } },
    { reviewed: '2026-08-24', maxAge: 90, verdict: { kind: 'stale', ageDays: 91 } },
    { reviewed: '2026-03-01', maxAge: 90, verdict: { kind: 'stale', ageDays: 267 } },
  ])('$reviewed with a maximum age of $maxAge is $verdict.kind', ({ reviewed, maxAge, verdict }) => {
    expect(reviewVerdict(reviewed, '2026-11-23', maxAge)).toEqual(verdict);
  });

  it('counts whole days across a daylight-saving change', () => {
    expect(reviewVerdict('2026-03-28', '2026-03-30', 90)).toEqual({ kind: 'fresh', ageDays: 2 });
  });
});
