import { describe, expect, it } from 'vitest';
import type { Threat } from '../../server/language/generated/ast.js';
import { bucketOf, isExpiredDecision, isOpenFixNow, statusDetail, threatScore, threatStatus } from '../../server/domain/scoring.js';
import { parseModel } from '../language/harness.js';

const TODAY = '2026-12-07';

async function threat(body: string): Promise<Threat> {
  return (await parseModel(`threat T { ${body} }`)).declarations[0] as Threat;
}

it.each([
  [1, 'watch'], [2, 'watch'], [3, 'fix soon'], [4, 'fix soon'], [5, 'fix soon'], [6, 'fix now'], [9, 'fix now'],
] as const)('score %i is %s', (score, bucket) => {
  expect(bucketOf(score)).toBe(bucket);
});

describe('threatScore', () => {
  it.each([
    { levels: 'likelihood 2 impact 3', score: 6 },
    { levels: 'likelihood low impact high', score: 3 },
    { levels: 'likelihood medium impact medium', score: 4 },
    { levels: 'likelihood 3 likelihood 1 impact 3', score: 9 },
    { levels: 'likelihood 3', score: undefined },
    { levels: 'impact 3', score: undefined },
    { levels: 'likelihood 4 impact 3', score: undefined },
    { levels: 'likelihood -1 impact 3', score: undefined },
    { levels: 'likelihood 1.5 impact 2', score: undefined },
  ])('$levels → $score', async ({ levels, score }) => {
    expect(threatScore(await threat(levels))).toBe(score);
  });
});

describe('threatStatus: first match wins', () => {
  it.each([
    { decisions: '', status: 'open' },
    { decisions: 'mitigation "a"', status: 'planned' },
    { decisions: 'mitigation "a" in-progress', status: 'planned' },
    { decisions: 'mitigation "a" done mitigation "b" planned', status: 'planned' },
    { decisions: 'mitigation "a" done mitigation "b" done', status: 'mitigated' },
    { decisions: 'mitigation "TODO" done', status: 'planned' },
    { decisions: 'mitigation " " done', status: 'planned' },
    { decisions: 'mitigation "a" done accepted "fine" by "cto"', status: 'accepted' },
    { decisions: 'accepted "fine" by "cto" transferred "insured" to "insurer"', status: 'transferred' },
    { decisions: 'transferred "insured" to "insurer" eliminated "cut"', status: 'eliminated' },
    { decisions: 'accepted "fine"', status: 'open' },
    { decisions: 'accepted "fine" by "  "', status: 'open' },
    { decisions: 'mitigation "a" done accepted "todo" by "cto"', status: 'mitigated' },
    { decisions: 'transferred "insured" to "TODO"', status: 'open' },
    { decisions: 'eliminated "TODO: cut the feature"', status: 'open' },
    { decisions: 'mitigation "a" eliminated ""', status: 'planned' },
    { decisions: 'accepted "fine" by "cto" until "2026-12-07"', status: 'accepted' },
    { decisions: 'accepted "fine" by "cto" until "2026-12-06"', status: 'open' },
    { decisions: 'mitigation "a" accepted "fine" by "cto" date "2026-01-01" until "2026-06-30"', status: 'planned' },
    { decisions: 'transferred "insured" to "insurer" until "2026-12-06" accepted "fine" by "cto"', status: 'accepted' },
    { decisions: 'accepted "fine" by "cto" until "someday"', status: 'accepted' },
  ])('[$decisions] is $status', async ({ decisions, status }) => {
    expect(threatStatus(await threat(decisions), TODAY)).toBe(status);
  });
});

describe('isOpenFixNow', () => {
  it.each([
    { body: 'likelihood 3 impact 2', fixNow: true },
    { body: 'likelihood 3 impact 2 mitigation "a"', fixNow: true },
    { body: 'likelihood 3 impact 2 mitigation "a" done', fixNow: false },
    { body: 'likelihood 3 impact 2 accepted "fine" by "cto"', fixNow: false },
    { body: 'likelihood 2 impact 2', fixNow: false },
    { body: 'likelihood 3', fixNow: false },
  ])('$body → $fixNow', async ({ body, fixNow }) => {
    expect(isOpenFixNow(await threat(body), TODAY)).toBe(fixNow);
  });

  it('is open again the day after an acceptance\'s until, in whole UTC days', async () => {
    const accepted = await threat('likelihood 3 impact 2 accepted "fine" by "cto" ticket "SEC-12" until "2027-05-01"');
    expect(isOpenFixNow(accepted, '2027-05-01')).toBe(false);
    expect(isOpenFixNow(accepted, '2027-05-02')).toBe(true);
    expect(isExpiredDecision(accepted.decisions[0], '2027-05-02')).toBe(true);
  });
});

describe('statusDetail: what decided the status', () => {
  it.each([
    { decisions: 'accepted "fine" by "cto" ticket "SEC-12" date "2026-11-01" until "2027-05-01"', detail: 'accepted until 2027-05-01, ticket SEC-12' },
    { decisions: 'transferred "insured" to "insurer" ticket "INS-3"', detail: 'transferred, ticket INS-3' },
    { decisions: 'accepted "fine" by "cto" until "2026-05-01"', detail: 'open (acceptance expired: until 2026-05-01)' },
    { decisions: 'mitigation "a" done', detail: 'mitigated' },
  ])('[$decisions] → $detail', async ({ decisions, detail }) => {
    expect(statusDetail(await threat(decisions), TODAY)).toBe(detail);
  });
});
