// User-facing options that change what the checks report. The editor fills them from the `tm`
// configuration section, the CLI from its flags; both share these defaults.
import type { FlowCoverageMode } from '../domain/analysis.js';
import { todayIso } from '../domain/review.js';

export interface TmOptions {
  /** Which flows STRIDE coverage is checked on (docs/language.md §10). */
  coverageFlows: FlowCoverageMode;
  reviewMaxAgeDays: number;
  maxFileSizeMB: number;
  /** `YYYY-MM-DD`; fixed by the CLI's `--today` so results do not depend on the day. */
  today: string | undefined;
}

export const DEFAULT_OPTIONS: Readonly<TmOptions> = {
  coverageFlows: 'crossing',
  reviewMaxAgeDays: 90,
  maxFileSizeMB: 10,
  today: undefined,
};

export class TmSettings {
  private current: TmOptions = { ...DEFAULT_OPTIONS };

  get options(): Readonly<TmOptions> {
    return this.current;
  }

  get today(): string {
    return this.current.today ?? todayIso();
  }

  get maxFileSizeBytes(): number {
    return this.current.maxFileSizeMB * 1024 * 1024;
  }

  update(changes: Partial<TmOptions>): void {
    this.current = { ...this.current, ...changes };
  }

  /** Applies the `tm` configuration section as VS Code sends it, ignoring invalid values. */
  updateFromConfiguration(section: unknown): void {
    const config = (section ?? {}) as { coverage?: { flows?: unknown }; review?: { maxAgeDays?: unknown }; maxFileSizeMB?: unknown };
    const changes: Partial<TmOptions> = {};
    const flows = config.coverage?.flows;
    if (flows === 'crossing' || flows === 'all' || flows === 'none') changes.coverageFlows = flows;
    const maxAge = config.review?.maxAgeDays;
    if (typeof maxAge === 'number' && maxAge >= 0) changes.reviewMaxAgeDays = maxAge;
    const maxSize = config.maxFileSizeMB;
    if (typeof maxSize === 'number' && maxSize > 0) changes.maxFileSizeMB = maxSize;
    this.update(changes);
  }
}
