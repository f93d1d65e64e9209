#!/usr/bin/env node
// Paired timing of one walkthrough: its plain-bash baseline against `nslab run --yes`, and
// optionally against a second nslab checkout, in a fresh random order in every round. On a
// shared VM the load swings by tens of ms within a minute, which skews hyperfine's batches (all
// of A, then all of B); pairing puts each round's runs under the same load, and the median of
// the per-round differences is far steadier than the difference of two medians.
//
//   sudo node bench/paired.mjs l3-router [ROUNDS] [OTHER_CHECKOUT] [--floor]
//
// Prints one line per round and, at the end, the median time of each contender and the median
// of the per-round differences to bash (ms), and with OTHER_CHECKOUT, to that checkout. --floor
// adds bench/floor.cjs, the least any Node-based runner pays over bash (Node's start and a round
// trip per command), and nslab's difference to it. Needs root, as the baselines do (bench/baseline/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const withFloor = process.argv.includes('--floor');
const [name = 'l3-router', roundsArg = '12', other] = process.argv.slice(2).filter((a) => a !== '--floor');
const rounds = Number(roundsArg);
if (!existsSync(join(root, 'bench/baseline', `${name}.sh`)) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/paired.mjs WALKTHROUGH [ROUNDS] [OTHER_CHECKOUT] [--floor]  (WALKTHROUGH: a bench/baseline/*.sh name)');
  process.exit(2);
}

/** One contender: a label and the command line that runs the walkthrough once. */
const contenders = [
  { label: 'bash', argv: ['bash', join(root, 'bench/baseline', `${name}.sh`)] },
  { label: 'nslab', argv: [process.execPath, join(root, 'bin/nslab'), 'run', '--yes', join(root, 'scenarios', `${name}.md`)] },
];
if (withFloor) contenders.push({ label: 'floor', argv: [process.execPath, join(root, 'bench/floor.cjs'), name] });
if (other) {
  const dir = resolve(other);
  contenders.push({ label: `nslab@${other}`, argv: [process.execPath, join(dir, 'bin/nslab'), 'run', '--yes', join(dir, 'scenarios', `${name}.md`)] });
}

/** Runs argv once with its output discarded; returns the wall time in ms, or throws on failure. */
function timeOnce({ label, argv }) {
  const start = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${String(r.stderr).slice(-400)}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const c of contenders) timeOnce(c); // warm-up: page cache, code cache
const times = Object.fromEntries(contenders.map((c) => [c.label, []]));
for (let round = 1; round <= rounds; round++) {
  const order = [...contenders].sort(() => Math.random() - 0.5);
  for (const c of order) times[c.label].push(timeOnce(c));
  console.log(`round ${round}: ${contenders.map((c) => `${c.label} ${times[c.label].at(-1).toFixed(0)}`).join('  ')}`);
}
console.log(`\n${name}, ${rounds} rounds (median ms):`);
for (const c of contenders) {
  const diffs = times[c.label].map((t, i) => t - times.bash[i]);
  const extra = c.label === 'bash' ? '' : `  ${c.label} − bash, per round: ${median(diffs) >= 0 ? '+' : ''}${median(diffs).toFixed(0)} ms`;
  console.log(`  ${c.label.padEnd(20)} ${median(times[c.label]).toFixed(0)}${extra}`);
}
if (withFloor) {
  const diffs = times.nslab.map((t, i) => t - times.floor[i]);
  console.log(`  nslab − floor, per round: +${median(diffs).toFixed(0)} ms: nslab's own cost beyond Node's start and the round trips`);
}
if (other) {
  const label = contenders.at(-1).label;
  const diffs = times.nslab.map((t, i) => t - times[label][i]);
  const m = median(diffs);
  console.log(`  nslab − ${label}, per round: ${m >= 0 ? '+' : ''}${m.toFixed(0)} ms (${diffs.filter((d) => d < 0).length} of ${rounds} rounds faster)`);
}
