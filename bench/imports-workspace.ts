// A workspace of models across files (docs/language.md, Imports): shared library files and the
// service files that import them. Every service imports the core library (so an edit there
// re-checks every service) and two others, one of them under an alias; its flows cross from
// its own boundary into the libraries' and its threats name library elements, so every import
// is used and each service's diagnostics depend on what its libraries declare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ImportsWorkspace {
  libraries: string[];
  services: string[];
  /** The library every service imports. */
  core: string;
}

/** Elements per library: processes and stores in turn, in one boundary. */
const LIBRARY_ELEMENTS = 10;
/** Elements of a service's own; its flows into libraries come on top. */
const SERVICE_ELEMENTS = 10;

/** Library `k`'s element `j`: names carry the library's number, so no two libraries clash. */
function libraryElement(k: number, j: number): { kind: 'process' | 'store'; name: string } {
  return j % 2 === 0 ? { kind: 'process', name: `L${k}P${j}` } : { kind: 'store', name: `L${k}S${j}` };
}

export function libraryText(k: number): string {
  const lines = [`model "Library ${k}" {`, '  owner "platform"', '  reviewed "2026-10-01"', '}', '', `boundary Lib${k} "Library ${k}" {`];
  for (let j = 0; j < LIBRARY_ELEMENTS; j++) {
    const { kind, name } = libraryElement(k, j);
    lines.push(kind === 'process' ? `  process ${name} "Process ${name}" { privilege service }` : `  store ${name} "Store ${name}" { kind database  holds pii  encrypted }`);
  }
  lines.push('}', '');
  // Each store is written by the process before it, inside the library's boundary.
  for (let j = 1; j < LIBRARY_ELEMENTS; j += 2) {
    lines.push(`flow L${k}F${j}: ${libraryElement(k, j - 1).name} -> ${libraryElement(k, j).name} { protocol SQL  encrypted  carries pii }`);
  }
  lines.push('');
  for (let j = 0; j < LIBRARY_ELEMENTS; j += 2) {
    const process = libraryElement(k, j).name;
    const store = libraryElement(k, j + 1).name;
    lines.push(
      `threat L${k}T${j} "Threat on ${process}" {`, `  on ${process}, ${store}, L${k}F${j + 1}`, '  stride S, T, R, I, D, E',
      `  likelihood ${1 + (j % 3)}  impact 2`, '  mitigation "Harden it" done owner "platform"', '}',
    );
  }
  return lines.join('\n') + '\n';
}

/** The libraries service `i` imports: the core (0), and two different others (at least 3 libraries). */
export function serviceImports(i: number, libraryCount: number): [number, number, number] {
  const others = libraryCount - 1;
  return [0, 1 + (i % others), 1 + ((i + Math.floor(others / 2)) % others)];
}

export function serviceText(i: number, libraryCount: number): string {
  const [core, first, second] = serviceImports(i, libraryCount);
  const lines = [
    `import "../lib/lib-${core}.tm"`, `import "../lib/lib-${first}.tm"`, `import "../lib/lib-${second}.tm" as Other`, '',
    `model "Service ${i}" {`, '  owner "bench"', '  reviewed "2026-10-01"', '}', '', `boundary Svc "Service ${i}" {`,
  ];
  const own = Array.from({ length: SERVICE_ELEMENTS }, (_, j) => (j % 2 === 0 ? `Api${j}` : `Db${j}`));
  own.forEach((name, j) => lines.push(j % 2 === 0 ? `  process ${name} "API ${j}" { privilege service }` : `  store ${name} "DB ${j}" { kind database  holds pii  encrypted }`));
  lines.push('}', '');
  for (let j = 1; j < SERVICE_ELEMENTS; j += 2) lines.push(`flow Save${j}: ${own[j - 1]} -> ${own[j]} { protocol SQL  encrypted  carries pii }`);
  // Crossings into the libraries' boundaries: unqualified names for two imports, the alias for the third.
  const targets = [libraryElement(core, 0).name, libraryElement(first, 0).name, `Other.${libraryElement(second, 0).name}`, libraryElement(core, 2).name];
  targets.forEach((target, j) => lines.push(
    `flow Call${j}: ${own[2 * j]} -> ${target} {`, '  protocol HTTPS  carries pii',
    '  authn "mutual TLS"  authz "service allow-list"  validation "schema"', '}',
  ));
  lines.push('');
  for (let j = 0; j < SERVICE_ELEMENTS; j += 2) {
    const crossing = j / 2 < targets.length ? `, Call${j / 2}` : '';
    lines.push(
      `threat T${j} "Threat on ${own[j]}" {`, `  on ${own[j]}, ${own[j + 1]}, Save${j + 1}${crossing}`, '  stride S, T, R, I, D, E',
      '  likelihood 2  impact 2', '  mitigation "Harden it" done owner "bench"', '}',
    );
  }
  // A threat of the service's own on an element of the core library.
  lines.push(`threat Shared "Service ${i} misuses the core library" {`, `  on ${libraryElement(0, 0).name}`, '  stride E', '  likelihood 1  impact 3', '  mitigation "Scoped credentials" done', '}');
  return lines.join('\n') + '\n';
}

/** Writes `libraryCount` libraries under `lib/` and `serviceCount` services under `services/`. */
export function writeImportsWorkspace(folder: string, serviceCount: number, libraryCount: number): ImportsWorkspace {
  mkdirSync(join(folder, 'lib'), { recursive: true });
  mkdirSync(join(folder, 'services'), { recursive: true });
  const libraries = Array.from({ length: libraryCount }, (_, k) => {
    const file = join(folder, 'lib', `lib-${k}.tm`);
    writeFileSync(file, libraryText(k));
    return file;
  });
  const services = Array.from({ length: serviceCount }, (_, i) => {
    const file = join(folder, 'services', `svc-${i}.tm`);
    writeFileSync(file, serviceText(i, libraryCount));
    return file;
  });
  return { libraries, services, core: libraries[0] };
}

/** The core library's first process, which every service's flows and threats name. */
export const CORE_PROCESS = libraryElement(0, 0).name;
