#!/usr/bin/env node
// Paired timing of opening the private sandbox: this checkout's openPrivateSandbox() against
// another checkout's (e.g. the main branch, before a change to the sandbox), in a fresh random
// order in every round, so both contenders of a round share the machine's load (see paired.mjs).
//
//   sudo node bench/sandbox-open.mjs OTHER_CHECKOUT [ROUNDS]
//
// Each sample: openPrivateSandbox() until READY, then one process run inside (the probe's
// first exec), then close(); the open and the open+exec times are reported. Both checkouts
// must be built (dist/). Prints per-contender medians and the median per-round difference (ms).
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [other, roundsArg = '30'] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!other || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/sandbox-open.mjs OTHER_CHECKOUT [ROUNDS]');
  process.exit(2);
}
const load = async (dir) => (await import(pathToFileURL(resolve(dir, 'dist/sandbox/private-sandbox.js')).href)).openPrivateSandbox;
const contenders = [
  { label: 'this', open: await load(new URL('..', import.meta.url).pathname) },
  { label: 'other', open: await load(other) },
];

/** One sample: [open ms, open + first exec ms]. */
async function sample(open) {
  const t = performance.now();
  const sandbox = await open();
  const opened = performance.now() - t;
  const r = await sandbox.exec(['true']);
  const ready = performance.now() - t;
  await sandbox.close();
  if (r.exitCode !== 0) throw new Error(`exec in the sandbox failed: ${r.output}`);
  return [opened, ready];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const c of contenders) await sample(c.open); // warm-up
const times = { this: [], other: [] };
for (let round = 0; round < rounds; round++) {
  for (const c of [...contenders].sort(() => Math.random() - 0.5)) times[c.label].push(await sample(c.open));
}
for (const [i, what] of ['open', 'open + first exec'].entries()) {
  const diffs = times.this.map((t, r) => t[i] - times.other[r][i]);
  console.log(
    `${what}: this ${median(times.this.map((t) => t[i])).toFixed(1)} ms, other ${median(times.other.map((t) => t[i])).toFixed(1)} ms, ` +
      `median difference ${median(diffs).toFixed(1)} ms (${rounds} rounds)`,
  );
}
