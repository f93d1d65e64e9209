#!/usr/bin/env node
// A zx script. Compares `nslab run --yes` on each seed walkthrough with the same commands and checks in
// plain bash inside an equivalent unshare sandbox (bench/baseline/*.sh), in one run, with
// hyperfine (Debian package `hyperfine`): warm-up, 10 runs, medians. Prints a table and writes
// bench/results.json. Target (issue 2): nslab adds at most 150 ms to either walkthrough.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, which } from 'zx';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadScenario } = await import(join(root, 'dist/index.js'));
const runs = Number(process.env.BENCH_RUNS ?? 10);
const scenarios = ['l2-switch', 'l3-router'];

function commandsOf(scenario) {
  return scenario.steps.flatMap((step) =>
    step.blocks.flatMap((b) => (b.kind === 'run' ? b.commands : b.kind === 'transcript' ? b.entries.map((e) => e.command) : [])),
  );
}

// A baseline that drifted from its scenario would measure something else.
for (const name of scenarios) {
  const scenario = await loadScenario(join(root, `scenarios/${name}.md`));
  const baseline = readFileSync(join(root, `bench/baseline/${name}.sh`), 'utf8');
  const missing = commandsOf(scenario).filter((c) => !baseline.includes(c.text));
  if (missing.length > 0) {
    console.error(`bench/baseline/${name}.sh lacks commands of scenarios/${name}.md:\n  ${missing.map((c) => c.text).join('\n  ')}`);
    process.exit(1);
  }
}

if (!(await which('hyperfine', { nothrow: true }))) {
  console.error('bench needs hyperfine: sudo apt-get install -y hyperfine');
  process.exit(3);
}

const out = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
const results = [];
for (const name of scenarios) {
  const json = join(out, `${name}.json`);
  await $({ cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })`hyperfine --warmup 1 --runs ${runs} --export-json ${json} --style basic -n bash ${`bash bench/baseline/${name}.sh`} -n nslab ${`node bin/nslab run scenarios/${name}.md --yes`}`;
  const [bash, nslab] = JSON.parse(readFileSync(json, 'utf8')).results;
  results.push({
    scenario: name,
    bashMedianMs: bash.median * 1000,
    nslabMedianMs: nslab.median * 1000,
    overheadMs: (nslab.median - bash.median) * 1000,
    ratio: nslab.median / bash.median,
  });
}

// Node's own start-up is part of every nslab run and of none of the bash baselines: measured
// here so the overhead above can be read against it.
const bootJson = join(out, 'boot.json');
await $({ cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })`hyperfine -N --warmup 2 --runs ${runs} --export-json ${bootJson} --style basic -n node ${'node -e 0'} -n help ${'node bin/nslab --help'}`;
const [nodeBoot, help] = JSON.parse(readFileSync(bootJson, 'utf8')).results;

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
console.log(`\nmachine: ${machine}; ${runs} runs each, medians`);
console.log('scenario     bash (ms)  nslab (ms)  overhead (ms)  ratio  target: overhead <= 150 ms');
for (const r of results) {
  const ok = r.overheadMs <= 150 ? 'met' : 'MISSED';
  console.log(
    `${r.scenario.padEnd(12)} ${r.bashMedianMs.toFixed(0).padStart(9)}  ${r.nslabMedianMs.toFixed(0).padStart(10)}  ${r.overheadMs.toFixed(0).padStart(13)}  ${r.ratio.toFixed(2).padStart(5)}  ${ok}`,
  );
}
rmSync(out, { recursive: true, force: true });
const boot = { nodeMedianMs: nodeBoot.median * 1000, helpMedianMs: help.median * 1000 };
console.log(`node -e 0: ${boot.nodeMedianMs.toFixed(0)} ms; nslab --help: ${boot.helpMedianMs.toFixed(0)} ms (node's start-up is inside every overhead above)`);
writeFileSync(join(root, 'bench/results.json'), JSON.stringify({ machine, runs, results, boot }, null, 2) + '\n');
