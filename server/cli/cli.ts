// The `tm` command line: dispatches to one module per command.
import type { CliIO } from './io.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './io.js';
import { escapeTerminal } from '../escape/terminal.js';
import { checkUsage, runCheck } from './commands/check.js';
import { reportUsage, runReport } from './commands/report.js';
import { diffUsage, runDiff } from './commands/diff.js';
import { importUsage, runImport } from './commands/import.js';
import { exportUsage, runExport } from './commands/export.js';
import { dfdUsage, runDfd } from './commands/dfd.js';
import { catalogueUsage, runCatalogue } from './commands/catalogue.js';

type Command = { run: (args: string[], io: CliIO) => Promise<number>; usage: string; summary: string };

const COMMANDS: Record<string, Command> = {
  check: { run: runCheck, usage: checkUsage, summary: 'check models and print their diagnostics' },
  report: { run: runReport, usage: reportUsage, summary: 'write a model as a review document (Markdown, HTML or JSON)' },
  diff: { run: runDiff, usage: diffUsage, summary: 'compare two versions of a model: threats, scores, coverage, crossings' },
  import: { run: runImport, usage: importUsage, summary: 'write a .tm file from a Threat Dragon v2, Open Threat Model, TM-BOM, Threagile or pytm model' },
  export: { run: runExport, usage: exportUsage, summary: 'write a model as OWASP Threat Dragon v2 (with a laid-out diagram), Open Threat Model or TM-BOM JSON' },
  dfd: { run: runDfd, usage: dfdUsage, summary: 'draw a model\'s data-flow diagram as SVG, PNG or Mermaid' },
  catalogue: { run: runCatalogue, usage: catalogueUsage, summary: 'list the threat catalogue of a repository, show an entry, or check its team packs and run their examples' },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}\n      ${command.usage}`);
  return `tm — threat models as code\n\nusage: tm <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`tm: unknown command '${escapeTerminal(name)}'\n${usage()}`);
    return EXIT_USAGE;
  }
  if (asksForHelp(args)) {
    io.stdout(`tm ${name} — ${command.summary}\n\nusage: ${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line naming paths and model text, escaped; a usage hint may follow on its own line.
      io.stderr(`tm ${name}: ${error.message.split(/\n(?=usage: )/).map(escapeTerminal).join('\n')}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** `--help` or `-h` anywhere among a command's options (not after `--`, where it would be a file name). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(arg => arg === '--help' || arg === '-h');
}
