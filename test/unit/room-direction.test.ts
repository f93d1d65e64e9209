/**
 * The direction of dependencies between the rooms of src/ (docs/architecture.md): a room imports
 * only from rooms in lower layers, never from its own layer or above, so no two rooms can depend
 * on each other. Imports are read with the TypeScript compiler's own pre-processor (static
 * `import`/`export ... from` and dynamic `import()`), type-only imports included: a type is a
 * dependency too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
const ARCHITECTURE = join(import.meta.dirname, '../../docs/architecture.md');

/**
 * The rooms, lowest layer first (docs/architecture.md, "Rooms"). `index` is src/index.ts, the
 * library's front door, above everything.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['kernel', 'shell'],
  ['sandbox'],
  ['state', 'zx'],
  ['diagnose'],
  ['topology', 'check'],
  ['scenario'],
  ['host-mode'],
  ['run'],
  ['lint', 'verify'],
  ['practice', 'test-scenario', 'generate'],
  ['report'],
  ['grade', 'progress'],
  ['view'],
  ['serve'],
  ['cli'],
  ['index'],
];

/**
 * Imports allowed to run against the direction, file to file, each explained in
 * docs/architecture.md ("Exceptions"). None today: keep it so. The list must stay exact: an
 * exception that no longer exists fails the test too.
 */
const EXCEPTIONS: readonly string[] = [];

/** Every .ts file under `dir`, as paths relative to src/ with `/` separators. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(SRC, join(dir, e.name)).split(sep).join('/')] : [],
  );
}

/** The room of a file relative to src/: its first directory, or `index` for src/index.ts. */
function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file.replace(/\.ts$/, '') : file.slice(0, slash);
}

/** The relative imports of a file, as `from -> to` with `to` a .ts path relative to src/. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return info.importedFiles
    .filter((i) => i.fileName.startsWith('.'))
    .map((i) => `${file} -> ${normalize(join(dirname(file), i.fileName)).split(sep).join('/').replace(/\.js$/, '.ts')}`);
}

const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);
const layerOf = new Map(LAYERS.flatMap((rooms, layer) => rooms.map((room) => [room, layer] as const)));

/** True when `edge` (`from -> to`) runs to the same room or a lower layer. */
function goesDown(edge: string): boolean {
  const [from, to] = edge.split(' -> ') as [string, string];
  const a = roomOf(from), b = roomOf(to);
  return a === b || layerOf.get(b)! < layerOf.get(a)!;
}

describe('the direction of dependencies between rooms', () => {
  it('every room of src/ has its layer, and every declared room exists', () => {
    const rooms = new Set(files.map(roomOf));
    expect([...rooms].filter((r) => !layerOf.has(r)).sort()).toEqual([]);
    expect([...layerOf.keys()].filter((r) => !rooms.has(r)).sort()).toEqual([]);
  });

  it("docs/architecture.md's table of rooms gives each room this layer", () => {
    const rows = readFileSync(ARCHITECTURE, 'utf8').matchAll(/^\| (\d+) \| `(?:src\/)?([a-z-]+)(?:\/|\.ts)` \|/gm);
    const documented = new Map([...rows].map((m) => [m[2]!, Number(m[1])]));
    expect(documented).toEqual(layerOf);
  });

  it('finds the imports it reads (the parser still works)', () => {
    expect(imports).toContain('cli/main.ts -> cli/commands/run.ts');
    // A dynamic import() counts as much as a static one.
    expect(imports).toContain('cli/commands/run.ts -> run/run-scenario.ts');
    expect(imports.every((edge) => files.includes(edge.split(' -> ')[1]!))).toBe(true);
  });

  it('no import runs up or sideways, except the listed ones', () => {
    const against = imports.filter((edge) => !goesDown(edge) && !EXCEPTIONS.includes(edge));
    expect(against).toEqual([]);
  });

  it('every listed exception still exists and still runs against the direction', () => {
    expect(EXCEPTIONS.filter((edge) => !imports.includes(edge) || goesDown(edge))).toEqual([]);
  });
});
