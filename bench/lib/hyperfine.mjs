// Runs hyperfine and returns its statistics in milliseconds. Every figure of the suite goes
// through here, so every figure has the same harness: warm-up runs, then `runs` timed runs,
// commands of one call measured in the same invocation (one after the other).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';

/** When the suite started (this module loads first), for the elapsed time in each group's heading. */
const STARTED = Date.now();

/** hyperfine's result for one command, in ms. */
function statsOf(r) {
  const ms = (s) => s * 1000;
  return {
    medianMs: ms(r.median),
    meanMs: ms(r.mean),
    stddevMs: ms(r.stddev ?? 0),
    minMs: ms(r.min),
    maxMs: ms(r.max),
    runs: r.times.length,
    times: r.times.map(ms),
  };
}

/**
 * @param commands {name: commandLine} in the order hyperfine runs them
 * @param options.runs timed runs; options.warmup warm-up runs; options.tmp where the JSON goes;
 *   options.shell false for `-N` (no intermediate shell: only for commands that need none)
 * @returns {name: stats}
 * @throws when a command fails: it is then run once more with its output shown, so the reason
 *   is on screen rather than hyperfine's bare "non-zero exit code".
 */
export async function hyperfine(label, commands, { runs, warmup, tmp, cwd, shell = true }) {
  const slug = label.replace(/[^\w-]+/g, '-');
  const json = join(tmp, `${slug}.json`);
  // Commands' output goes to a file rather than /dev/null, so a failure can be shown.
  const output = join(tmp, `${slug}.out`);
  const args = ['--warmup', String(warmup), '--runs', String(runs), '--export-json', json, '--output', output, '--style', 'basic'];
  if (!shell) args.push('-N');
  for (const [name, command] of Object.entries(commands)) args.push('-n', name, command);
  console.log(`\n── ${label} (at ${((Date.now() - STARTED) / 1000).toFixed(0)} s)`);
  const run = await $({ cwd, stdio: ['ignore', 'inherit', 'inherit'], nothrow: true })`hyperfine ${args}`;
  if (run.exitCode !== 0) {
    let tail = '';
    try {
      tail = readFileSync(output, 'utf8').slice(-2000);
    } catch {}
    console.error(`last output of the benchmarked commands:\n${tail}`);
    const failed = [];
    for (const [name, command] of Object.entries(commands)) {
      const again = await $({ cwd, nothrow: true, quiet: true })`bash -c ${command}`;
      if (again.exitCode !== 0) {
        failed.push(name);
        console.error(`\n${name} failed again (exit ${again.exitCode}): ${command}\n${again.stdout.slice(-3000)}${again.stderr.slice(-3000)}`);
      }
    }
    const error = new Error(`hyperfine failed on ${label}${failed.length ? `: ${failed.join(', ')} fails` : ' (every command passed when run again: a transient failure)'}`);
    error.failed = failed;
    error.output = tail;
    throw error;
  }
  rmSync(output, { force: true });
  const results = JSON.parse(readFileSync(json, 'utf8')).results;
  return Object.fromEntries(Object.keys(commands).map((name, i) => [name, statsOf(results[i])]));
}

/** Median of numbers (ms). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Stats of in-process timings, in the same shape as hyperfine's. */
export function statsOfTimes(times) {
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const variance = times.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, times.length - 1);
  return { medianMs: median(times), meanMs: mean, stddevMs: Math.sqrt(variance), minMs: Math.min(...times), maxMs: Math.max(...times), runs: times.length, times };
}
