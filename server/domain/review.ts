// The review date (docs/language.md §10): missing, malformed (including a date in the future) or older
// than the maximum age is stale.

export type ReviewVerdict =
  | { kind: 'fresh'; ageDays: number }
  | { kind: 'missing' }
  | { kind: 'malformed'; text: string }
  | { kind: 'future'; text: string }
  | { kind: 'stale'; ageDays: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since the epoch of a valid `YYYY-MM-DD` calendar date, at UTC midnight. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? time : undefined;
}

/** Today's date at UTC midnight, as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function reviewVerdict(reviewed: string | undefined, today: string, maxAgeDays: number): ReviewVerdict {
  if (reviewed === undefined) return { kind: 'missing' };
  const time = parseIsoDate(reviewed);
  if (time === undefined) return { kind: 'malformed', text: reviewed };
  const todayTime = parseIsoDate(today) ?? parseIsoDate(todayIso())!;
  const ageDays = Math.round((todayTime - time) / DAY_MS);
  if (ageDays < 0) return { kind: 'future', text: reviewed };
  return ageDays > maxAgeDays ? { kind: 'stale', ageDays } : { kind: 'fresh', ageDays };
}
