/**
 * zx blocks in a real private sandbox, through the built CLI: a step script that runs `$` in a
 * namespace, a failing `$` named with its status and stderr, a check script that fails before
 * its step and holds after in `nslab test`, a failing check's sentence, a syntax error at its
 * Markdown line, and a run without zx blocks that never loads zx.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { testController } from '../../src/test-scenario/test-controller.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-zx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes a scenario file in the work directory; returns its path. */
function scenario(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, `---\ntitle: ${name}\nrequires: [ip]\n---\n\n${body}`);
  return file;
}

const MAKE_H1 = "## Make H1\n\n```sh\nip netns add H1\nip -n H1 addr add 10.0.0.1/8 dev lo\nip -n H1 link set lo up\n```\n\n";

/** A check script: H1's loopback has 10.0.0.1, read with `ip -json` inside H1. */
const H1_HAS_ADDRESS = [
  '```zx {check}',
  '// H1 has 10.0.0.1 on its loopback',
  "const [lo] = await ns('H1')`ip -4 -json addr show dev lo`.json()",
  'const found = lo.addr_info.map((a) => `${a.local}/${a.prefixlen}`)',
  "if (!found.includes('10.0.0.1/8')) fail(`H1's lo has ${found.join(', ')}`)",
  '```',
  '',
].join('\n');

describe('zx blocks (real sandbox)', () => {
  it('a step script runs `$` in a namespace, its commands and output shown', async () => {
    const file = scenario('step.md', `${MAKE_H1}\`\`\`zx\nconst out = await ns('H1')\`ip -4 -br addr show dev lo\`\necho(\`H1 answers: \${out.stdout.trim().split(/\\s+/).at(-1)}\`)\n\`\`\`\n\n${H1_HAS_ADDRESS}`);
    const run = await runCli(['run', '--yes', file]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('zx const out = await ns(\'H1\')`ip -4 -br addr show dev lo`');
    expect(run.stdout).toContain('│ H1 $ ip -4 -br addr show dev lo');
    expect(run.stdout).toContain('│ H1 answers: 10.0.0.1/8');
    // The line that ends a script after its output says what ended (a first comment would name it).
    expect(run.stdout).toMatch(/│ H1 answers: 10\.0\.0\.1\/8\n {2}✔ zx script \d+ ms\n/);
    expect(run.stdout).toMatch(/✔ zx: H1 has 10\.0\.0\.1 on its loopback/);
  });

  it('a failing `$` fails its step, naming the command, its exit status and stderr', async () => {
    const file = scenario('failing.md', `${MAKE_H1}## Break\n\n\`\`\`zx\nawait ns('H1')\`ip addr add 10.0.0.2/8 dev nosuch\`\necho('never here')\n\`\`\`\n`);
    const run = await runCli(['run', '--yes', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ zx: `H1: ip addr add 10.0.0.2/8 dev nosuch` exited with status 1: Cannot find device "nosuch"');
    expect(run.stdout).toContain('found exit status 1');
    expect(run.stdout).not.toContain('│ never here');
    expect(run.stdout).toMatch(/✘ Step 2 "Break" failed/);
  });

  it('in `nslab test`, a check script fails before its step and holds after; one that held already fails the step', async () => {
    const good = scenario('test-good.md', `${MAKE_H1}${H1_HAS_ADDRESS}`);
    const ok = await runCli(['test', good]);
    expect(ok.stdout).toMatch(/PASSED/);
    expect(ok.code).toBe(0);
    // What the precheck found, as `nslab test` runs it.
    const parsed = parseScenario(readFileSync(good, 'utf8'), good);
    if (!parsed.ok) throw new Error('test-good.md does not parse');
    const result = await runScenario(parsed.scenario, { precheck: true, controller: testController });
    expect(result.steps[0]!.precheck).toEqual([expect.objectContaining({ passed: false, found: expect.stringMatching(/^`H1: ip -4 -json addr show dev lo` exited with status \d+: Cannot open network namespace "H1"/) })]);
    expect(result.steps[0]!.checks).toEqual([expect.objectContaining({ passed: true, expected: 'zx: H1 has 10.0.0.1 on its loopback' })]);

    const vacuous = scenario('test-vacuous.md', `${MAKE_H1}## Nothing new\n\n\`\`\`sh\nip -n H1 link set lo mtu 1500\n\`\`\`\n\n${H1_HAS_ADDRESS}`);
    const bad = await runCli(['test', vacuous]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✘ +2 Nothing new/);
    expect(bad.stdout).toContain('already hold');
  });

  it('in `nslab test`, a check script that changes the state is named, with what it changed; one that only reads is not', async () => {
    const adds = [
      '## Add an address',
      '',
      '```sh',
      'ip -n H1 addr add 10.0.0.9/8 dev lo',
      '```',
      '',
      '```zx {check}',
      '// H1 has 10.0.0.9 (adds it when missing)',
      "await ns('H1')`ip addr add 10.0.0.9/8 dev lo 2>/dev/null || true`",
      '```',
      '',
    ].join('\n');
    const run = await runCli(['test', scenario('test-mutating.md', `${MAKE_H1}${H1_HAS_ADDRESS}${adds}`)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✔ +1 Make H1/);
    expect(run.stdout).toMatch(/✘ +2 Add an address/);
    expect(run.stdout).toMatch(/test-mutating\.md:26: the check on line 26 \(zx: H1 has 10\.0\.0\.9 \(adds it when missing\)\) changed the state when the precheck evaluated it/);
    expect(run.stdout).toContain('added H1: address 10.0.0.9/8 on lo');
  });

  it("a failing check prints its sentence as what it found, the session's variable included", async () => {
    const file = scenario('check-fails.md', `${MAKE_H1}\`\`\`sh\nWANT=10.0.0.9/8\n\`\`\`\n\n\`\`\`zx {check}\n// H1 has $WANT\nconst [lo] = await ns('H1')\`ip -4 -json addr show dev lo\`.json()\nconst found = lo.addr_info.map((a) => \`\${a.local}/\${a.prefixlen}\`)\nif (!found.includes(process.env.WANT)) fail(\`H1's lo has \${found.join(', ')}, not \${process.env.WANT}\`)\n\`\`\`\n`);
    const run = await runCli(['run', '--yes', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ zx: H1 has \$WANT .*\n\s+found H1's lo has 127\.0\.0\.1\/8, 10\.0\.0\.1\/8, not 10\.0\.0\.9\/8\n/);
  });

  it('reports a syntax error at its line in the Markdown file, and runs nothing', async () => {
    const file = scenario('syntax.md', `${MAKE_H1}\`\`\`zx {check}\n// fine so far\nconst a = 1\nif (a > ) fail('x')\n\`\`\`\n`);
    const lint = await runCli(['lint', file]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain(`${file}:17:9: error: zx script does not parse: Unexpected token ')'`);
    const run = await runCli(['run', '--yes', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:17:9: error`);
  });

  it('a command the script never awaited fails its check or step block when it fails, named; one the script caught, killed or made nothrow does not', async () => {
    const lost = scenario('not-awaited.md', `${MAKE_H1}\`\`\`zx {check}\n// H1 runs false, not awaited\nns('H1')\`false\`\n\`\`\`\n`);
    const check = await runCli(['run', '--yes', lost]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✘ zx: H1 runs false, not awaited .*\n\s+found `H1: false` \(not awaited\) exited with status 1 \(nothing on stderr\)\n/);

    const step = scenario('step-not-awaited.md', `${MAKE_H1}## Step\n\n\`\`\`zx\n$\`exit 3\`\n\`\`\`\n`);
    const stepRun = await runCli(['run', '--yes', step]);
    expect(stepRun.code).toBe(1);
    expect(stepRun.stdout).toContain('✘ zx: `exit 3` (not awaited) exited with status 3');
    expect(stepRun.stdout).toContain('found exit status 3');

    const handled = [
      '```zx {check}',
      '// every failure here is handled',
      "try { await ns('H1')`false` } catch {}",
      "ns('H1')`false`.nothrow()",
      '$`sleep 30`.kill()',
      'const late = $`false`',
      'await sleep(300)',
      'await late.catch(() => {})',
      '```',
      '',
    ].join('\n');
    const fine = await runCli(['run', '--yes', scenario('handled.md', `${MAKE_H1}${handled}`)]);
    expect(fine.stdout).toMatch(/✔ zx: every failure here is handled/);
    expect(fine.code).toBe(0);
  });

  it('a scenario without zx blocks never loads zx: the CLI bundle has none of it, and a run loads no zx module', async () => {
    const bundle = readFileSync(join(ROOT, 'dist/bundle/nslab.cjs'), 'latin1');
    const runner = readFileSync(join(ROOT, 'dist/bundle/zx-runner.cjs'), 'latin1');
    // ProcessPromise is zx's own class: in the runner's bundle, nowhere in the CLI's.
    expect(runner).toContain('ProcessPromise');
    expect(bundle).not.toContain('ProcessPromise');
    // Every module the CLI process asks for (the bundle's own require() calls included), listed
    // when it exits by a --require hook on Node's module loader.
    const hook = join(work, 'list-modules.cjs');
    const list = join(work, 'modules.json');
    writeFileSync(hook, [
      "const Module = require('node:module'); const asked = [];",
      'const load = Module._load; Module._load = function (request, ...rest) { asked.push(request); return load.call(this, request, ...rest); };',
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(asked)));`,
    ].join('\n'));
    const file = scenario('plain.md', `${MAKE_H1}\`\`\`check\nH1: link lo has address 10.0.0.1/8\n\`\`\`\n`);
    const run = await runCli(['run', '--yes', file], { NODE_OPTIONS: `--require ${hook}` });
    expect(run.code).toBe(0);
    const modules = JSON.parse(readFileSync(list, 'utf8')) as string[];
    expect(modules).toContain('node:child_process');
    expect(modules.filter((m) => /zx/.test(m.replace(ROOT, '')))).toEqual([]);
  });
});
