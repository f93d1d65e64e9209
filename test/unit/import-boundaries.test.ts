import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Packages that may be imported only from some places: the library stays usable from code. */
const ALLOWED: Record<string, (file: string) => boolean> = {
  // Colours are for people: the views and the CLI.
  chalk: (f) => f.startsWith('view/') || f.startsWith('cli/'),
  // Prompts belong to the CLI alone; the runner asks through a Controller.
  enquirer: (f) => f.startsWith('cli/'),
  // Markdown is parsed in one place; the terminal and HTML renderers read prose with it too.
  'markdown-it': (f) => f.startsWith('scenario/') || f === 'view/terminal/render-markdown.ts' || f === 'report/html/html-text.ts',
  'gray-matter': (f) => f.startsWith('scenario/'),
  commander: (f) => f.startsWith('cli/'),
};

describe('import boundaries', () => {
  const files = sourceFiles(SRC).map((f) => ({ path: relative(SRC, f), text: readFileSync(f, 'utf8') }));

  it.each(Object.keys(ALLOWED))('%s is imported only where it belongs', (pkg) => {
    const pattern = new RegExp(`from '${pkg}'|import\\('${pkg}'\\)`);
    const offenders = files.filter((f) => pattern.test(f.text) && !ALLOWED[pkg]!(f.path)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('the runner never writes to the terminal itself', () => {
    const offenders = files
      .filter((f) => f.path.startsWith('run/') && /process\.(stdout|stderr)\.write|console\.log/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
