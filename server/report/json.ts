// The report as JSON, following docs/report-schema.json (versioned by `schemaVersion`).
import type { Report } from './build-report.js';

export function renderJsonReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
