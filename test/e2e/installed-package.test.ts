/**
 * nslab installed as any CLI is: `npm pack` (of the build `npm test` made), then `npm install -g`
 * of the tarball into a temporary prefix (never the machine's global one), and used from an
 * empty directory with no ./scenarios: the bundled course is listed and its lessons run by name.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { ROOT, runProcess } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { openPage } from '../helpers/serve-page-client.js';
import { startServeChild } from '../helpers/serve-child.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PREFIX = join(work, 'prefix');
const INSTALLED = join(PREFIX, 'lib', 'node_modules', 'nslab');
const NSLAB = join(PREFIX, 'bin', 'nslab');
/** The empty directory the installed nslab runs in. */
const EMPTY = join(work, 'empty');
const ENV = { XDG_STATE_HOME: join(work, 'state'), XDG_CACHE_HOME: join(work, 'cache') };
const LESSONS = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();

/** npm's environment without what `npm test` exported to its children (a prefix, a lifecycle), which must not steer this npm. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(config|lifecycle|package)_/i.test(k) || /^npm_config_cache$/i.test(k)));
}

/** The commands of the router lesson's step 1, from the installed course, as a student types them. */
async function firstStepCommands(): Promise<string[]> {
  const scenario = await loadScenario(join(INSTALLED, 'scenarios', 'l3-router.md'));
  return stepCommands(scenario.steps[0]!).map((c) => c.command.text);
}

let tarball = '';
beforeAll(() => {
  mkdirSync(EMPTY);
  // --ignore-scripts: the prepack script would build again; this tests the build made before.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, env: npmEnv(), encoding: 'utf8' });
  tarball = join(work, packed.trim().split('\n').pop()!);
  execFileSync('npm', ['install', '-g', '--prefix', PREFIX, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: work, env: npmEnv(), stdio: 'ignore' });
}, 180_000);

const installed = (...args: string[]) => runProcess(NSLAB, args, ENV, EMPTY);

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

describe('nslab installed from its npm package', () => {
  it('ships the CLI bundle, its code cache, the course and the system packages script, not the sources, tests or build leftovers', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/bin/nslab', 'package/bin/load-cli.cjs', 'package/dist/bundle/nslab.cjs', 'package/dist/bundle/nslab.cjs.cache', 'package/dist/index.js', 'package/scripts/install-system-packages.sh', ...LESSONS.map((l) => `package/scenarios/${l}.md`)]));
    expect(files.filter((f) => /^package\/(src|test|bench)\/|\.tsbuildinfo$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('package/scripts/'))).toEqual(['package/scripts/install-system-packages.sh']);
    // The code cache made at build time is accepted by the installed copy (same node, same bundle).
    const rejected = execFileSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(join(INSTALLED, 'bin/load-cli.cjs'))}).loadCli().script.cachedDataRejected))`], { encoding: 'utf8' });
    expect(rejected).toBe('false');
  });

  it('lists the bundled course from an empty directory, by lesson name', async () => {
    const list = await installed('list');
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toBe(`The course bundled with nslab, in ${join(INSTALLED, 'scenarios')}.`);
    const rows = lines.filter((l) => /^\S/.test(l)).slice(3);
    // In the course's order (scenarios/course.yaml, packed with the lessons).
    const course = readFileSync(join(ROOT, 'scenarios/course.yaml'), 'utf8').match(/^  - (\S+)\.md$/gm)!.map((l) => l.slice(4, -3));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(course);
    expect(rows).toContainEqual(expect.stringMatching(/^l3-router\s+A layer-3 router between two subnets\s+8\s+-\s+✔$/));
  });

  it('runs a lesson by its name with --yes (no notice: it ships with nslab), leaving the host and the directory as they were', async () => {
    const before = hostNetworkState();
    const run = await installed('run', 'l3-router', '--yes');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('8 passed, 0 failed, 0 skipped, 0 not run');
    expect(hostNetworkState()).toEqual(before);
    expect(readdirSync(EMPTY)).toEqual([]);
  });

  it('lint, test and topo take a lesson name; an unknown name says which exist', async () => {
    expect(await installed('lint', 'l3-router', 'l2-switch.md')).toMatchObject({ code: 0, stdout: '0 problems in 2 files\n' });
    const tested = await installed('test', 'l3-router');
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('l3-router.md');
    const topo = await installed('topo', 'l3-router', '--format', 'json');
    expect(topo.code).toBe(0);
    expect(JSON.stringify(JSON.parse(topo.stdout))).toContain('"H1"');
    const typo = await installed('run', 'l3-rooter', '--yes');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(`error: l3-rooter: no such file, and no lesson of that name in the bundled course; did you mean "l3-router"?\n  lessons: ${LESSONS.join(', ')}\n`);
  });

  it('runs zx blocks with the zx runner it ships (zx itself is no dependency of the package)', async () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/dist/bundle/zx-runner.cjs');
    expect(readdirSync(join(INSTALLED, 'node_modules'))).not.toContain('zx');
    const dir = join(work, 'zx');
    mkdirSync(dir);
    const file = join(dir, 'zx.md');
    writeFileSync(file, "---\ntitle: zx\n---\n\n## Make H1\n\n```zx\nawait $`ip netns add H1`\n```\n\n```zx {check}\n// H1 exists\nawait ns('H1')`true`\n```\n");
    const run = await runProcess(NSLAB, ['test', file], ENV, dir);
    expect(run.stdout).toContain('PASSED');
    expect(run.code).toBe(0);
  });

  it('practice finds a lesson by its name and opens its shell', async () => {
    const env = Object.entries({ ...ENV, NO_COLOR: '1' }).map(([k, v]) => `${k}=${v}`).join(' ');
    const t = (terminal = new TmuxTerminal(`env ${env} ${NSLAB} practice l3-router; echo "NSLAB-EXIT=$?"`, EMPTY));
    await t.waitFor((s) => s.trimEnd().endsWith('[l3-router 1/8] #'));
    // Every command of step 1 as a student types it: its sysctl too, which the step checks
    // (R inherits forwarding from a host that forwards).
    for (const command of await firstStepCommands()) t.type(command);
    await t.waitFor(/✔ step 1 done/);
    t.type('exit');
    expect(await t.waitFor(/NSLAB-EXIT=\d+/)).toContain('NSLAB-EXIT=1');
  });

  it('serves the bundled course, its pty native module found in the installed package', async () => {
    // A progress store of its own: the practice case above finished step 1, and serve would resume after it.
    const server = await startServeChild({ command: [NSLAB], cwd: EMPTY, env: { ...ENV, XDG_STATE_HOME: join(work, 'serve-state') } });
    try {
      expect(await (await fetch(server.url)).text()).toContain('/lesson/l3-router');
      const page = await openPage({ port: server.port, lesson: 'l3-router', token: server.token });
      await page.waitForOutput('[l3-router 1/8] #', 30_000);
      page.send({ t: 'in', d: `${(await firstStepCommands()).join('; ')}\r` });
      await page.waitFor((m) => m.t === 'state' && m.state.current === 2, 30_000, 'step 2');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(143);
  });
});
