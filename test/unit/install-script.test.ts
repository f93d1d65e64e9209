/**
 * A fresh machine passes the README's test command: every program a scenario or a test
 * `requires:` comes from a Debian package that scripts/install-system-packages.sh installs
 * (with --with-test-tools), or from an Essential one every Debian system has.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import which from 'which';
import { describe, expect, it } from 'vitest';
import { debianPackageOf } from '../../src/util/debian-packages.js';
import { ROOT } from '../helpers/run-cli.js';

/**
 * Names the tests require on purpose to see nslab report a missing program (hping3 and nmap:
 * known to nslab's table, installed by no script — interrupt-and-environment.test.ts).
 */
const DELIBERATELY_MISSING = new Set(['nslab-no-such-program', 'tcpdump-not-installed-here', 'ovs-vsctl-nope', 'NAME', 'hping3', 'nmap']);

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((x) => e.name.endsWith(x)))
    .map((e) => join(e.parentPath, e.name));
}

/** Every program named in a `requires: [...]` list of the file's text (kernel features left out). */
export function requiredPrograms(text: string): string[] {
  const programs: string[] = [];
  for (const match of text.matchAll(/requires: ?\[([^\]\n]*)\]/g)) {
    for (const item of match[1]!.split(',')) {
      const name = item.trim().replace(/^(['"])(.*)\1$/, '$2');
      // Template pieces and deliberately malformed lists of the parser's tests are not names.
      if (/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) programs.push(name);
    }
  }
  return programs;
}

/** The packages the install script installs with --with-test-tools (its two bash arrays). */
function installedByScript(): Set<string> {
  const script = readFileSync(join(ROOT, 'scripts/install-system-packages.sh'), 'utf8');
  const packages = new Set<string>();
  for (const array of script.matchAll(/^(?:packages|test_tools)=\(\n([\s\S]*?)^\)/gm)) {
    for (const line of array[1]!.split('\n')) {
      const word = line.replace(/#.*/, '').trim();
      if (word) packages.add(word);
    }
  }
  return packages;
}

/** The program's package: nslab's table, else dpkg's owner of the file PATH finds (links resolved). */
function packageOf(program: string): string | undefined {
  const known = debianPackageOf(program);
  if (known) return known;
  const path = which.sync(program, { nothrow: true, path: `${process.env.PATH}:/usr/sbin:/sbin` });
  if (!path) return undefined;
  try {
    return execFileSync('dpkg-query', ['-S', realpathSync(path)], { encoding: 'utf8' }).split(':')[0]!.trim();
  } catch {
    return undefined;
  }
}

/** On every Debian system: Essential (dpkg itself needs it) or of priority required (debootstrap's minbase has them: mawk for awk). */
function essential(pkg: string): boolean {
  try {
    const [isEssential, priority] = execFileSync('dpkg-query', ['-W', '-f=${Essential} ${Priority}', pkg], { encoding: 'utf8' }).trim().split(' ');
    return isEssential === 'yes' || priority === 'required';
  } catch {
    return false;
  }
}

describe('scripts/install-system-packages.sh', () => {
  it('reads requires lists, leaving kernel features and non-names out', () => {
    expect(requiredPrograms("requires: [ip, 'ping', kernel:netem]\nrequires: [${requires}]\nrequires: []")).toEqual(['ip', 'ping']);
  });

  it("installs the package of every program a scenario or a test requires", () => {
    const files = [...filesUnder(join(ROOT, 'scenarios'), ['.md']), ...filesUnder(join(ROOT, 'test'), ['.md', '.ts'])];
    const programs = new Set(files.flatMap((f) => requiredPrograms(readFileSync(f, 'utf8'))));
    expect(programs.size).toBeGreaterThan(10);
    const installed = installedByScript();
    const problems: string[] = [];
    for (const program of [...programs].sort()) {
      if (DELIBERATELY_MISSING.has(program)) continue;
      const pkg = packageOf(program);
      if (pkg === undefined) problems.push(`${program}: no Debian package known (add it to src/util/debian-packages.ts)`);
      else if (!installed.has(pkg) && !essential(pkg)) problems.push(`${program}: package ${pkg} is not in the install script`);
    }
    expect(problems).toEqual([]);
  });
});
