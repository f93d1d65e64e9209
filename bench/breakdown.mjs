#!/usr/bin/env node
// Where a run's fixed and per-command time goes, measured in-process through nslab's library:
// `node bench/breakdown.mjs SCENARIO` (a scenario of one-line commands, e.g. 200 × /bin/true).
// Prints medians (ms) over a few repetitions as JSON for bench/run.mjs:
//   importMs        loading dist/index.js (the unbundled library; the CLI loads a bundle instead)
//   openSandboxMs   openPrivateSandbox(): setpriv + unshare + PID 1's mounts, until READY
//   openShellMs     sandbox.openShell(): nsenter + the session's bash, until its first marker
//   shellCommandMs  one command through the shell session (median over the scenario's commands)
//   probeExecMs     one check process (`true`) through the sandbox's exec (probe bash)
//   closeMs         shell.close() + sandbox.close()
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
// NSLAB_BENCH_DIST: the build snapshot bench/run.mjs took (default: this checkout's dist/).

const t0 = performance.now();
const { loadScenario, openPrivateSandbox, stepCommands } = await import(
  process.env.NSLAB_BENCH_DIST ? pathToFileURL(`${process.env.NSLAB_BENCH_DIST}/index.js`).href : new URL('../dist/index.js', import.meta.url).href
);
const importMs = performance.now() - t0;
const scenario = await loadScenario(process.argv[2]);
const commands = scenario.steps.flatMap((s) => stepCommands(s).map((c) => c.command.text));

// Medians of 3: these phases vary by a few ms at most, and the suite must stay under 5 minutes.
const REPETITIONS = 3;
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const samples = { openSandboxMs: [], openShellMs: [], shellCommandMs: [], probeExecMs: [], closeMs: [] };
for (let rep = 0; rep < REPETITIONS; rep++) {
  let t = performance.now();
  const sandbox = await openPrivateSandbox();
  samples.openSandboxMs.push(performance.now() - t);
  t = performance.now();
  const shell = await sandbox.openShell();
  samples.openShellMs.push(performance.now() - t);
  for (const text of commands) {
    t = performance.now();
    const r = await shell.run(text, { timeoutMs: 10_000 });
    samples.shellCommandMs.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`${text} exited ${r.exitCode}: ${r.output}`);
  }
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await sandbox.exec(['true']);
    samples.probeExecMs.push(performance.now() - t);
  }
  t = performance.now();
  await shell.close();
  await sandbox.close();
  samples.closeMs.push(performance.now() - t);
}
console.log(JSON.stringify({ importMs, ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, med(v)])), commandsPerRepetition: commands.length, repetitions: REPETITIONS }));
