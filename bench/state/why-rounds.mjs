#!/usr/bin/env node
// `nslab why` on the router walkthrough (issue 4: under 150 ms). Runs inside the sandbox that
// bench/state/why.sh made, where l3-router.md's commands have built the topology (all hops ✔).
//
//   why-rounds.mjs SRC DST K   K diagnoses through the library, each with a fresh snapshot (as
//                              `nslab why` takes one per call), processes started from a probe
//                              bash; prints their wall times (ms) as JSON; exit 1 if one is not ✔
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = process.env.NSLAB_BENCH_DIST ? pathToFileURL(`${process.env.NSLAB_BENCH_DIST}/`) : new URL('../../dist/', import.meta.url);
const { why } = await import(new URL('diagnose/why.js', dist).href);
const { createProbeExec } = await import(new URL('sandbox/probe-exec.js', dist).href);

const [src, dst, count] = process.argv.slice(2);
// Already inside the sandbox's namespaces: the probe bash needs no nsenter in front.
const probe = createProbeExec(['bash', '--noprofile', '--norc'], false);
const times = [];
let status = 0;
for (let i = 0; i < Number(count); i++) {
  const started = performance.now();
  const result = await why(probe.exec, src, dst);
  times.push(performance.now() - started);
  if (!result.ok) {
    console.error(`why ${src} ${dst} is not clear: ${result.explanation?.because}`);
    status = 1;
    break;
  }
}
console.log(JSON.stringify(times));
await probe.close();
process.exitCode = status;
