// Flags shared by every command that checks models, and the services they configure.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { NodeFileSystem } from 'langium/node';
import type { TmServiceSet } from '../language/tm-module.js';
import { createTmCoreServices } from '../language/tm-module.js';
import type { TmOptions } from '../language/tm-settings.js';
import { parseIsoDate } from '../domain/review.js';
import { UsageError } from './io.js';

export const SETTINGS_OPTIONS = {
  coverage: { type: 'string' },
  'review-max-age': { type: 'string' },
  today: { type: 'string' },
  'max-size': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type ParsedValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export function parseCommandArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): { values: ParsedValues; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

/** Services configured from the settings flags; invalid values are usage errors. */
export function servicesFor(values: ParsedValues): TmServiceSet {
  const services = createTmCoreServices(NodeFileSystem);
  // A command reads each file once and asks for positions of its findings only.
  services.Tm.parser.FastParser.withoutCst = true;
  services.Tm.settings.update(settingsFrom(values));
  return services;
}

export function settingsFrom(values: ParsedValues): Partial<TmOptions> {
  const settings: Partial<TmOptions> = {};
  const coverage = values.coverage;
  if (coverage !== undefined) {
    if (coverage !== 'crossing' && coverage !== 'all' && coverage !== 'none') throw new UsageError(`--coverage must be crossing, all or none, not '${String(coverage)}'`);
    settings.coverageFlows = coverage;
  }
  if (values['review-max-age'] !== undefined) settings.reviewMaxAgeDays = number(values['review-max-age'], '--review-max-age', 0);
  if (values['max-size'] !== undefined) settings.maxFileSizeMB = number(values['max-size'], '--max-size', Number.MIN_VALUE);
  const today = values.today;
  if (today !== undefined) {
    if (typeof today !== 'string' || parseIsoDate(today) === undefined) throw new UsageError(`--today must be a date as YYYY-MM-DD, not '${String(today)}'`);
    settings.today = today;
  }
  return settings;
}

function number(value: unknown, flag: string, min: number): number {
  const parsed = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(parsed) || parsed < min) {
    throw new UsageError(`${flag} must be a ${min > 0 ? 'positive' : 'non-negative'} number, not '${String(value)}'`);
  }
  return parsed;
}
