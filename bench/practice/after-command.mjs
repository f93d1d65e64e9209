#!/usr/bin/env node
// The after-command check of `nslab practice` (issue 5): a practice session of the router
// walkthrough in which a bash, sourcing the practice shell's own rc file inside the sandbox,
// types every command of the walkthrough one at a time and after each one makes the same
// request the prompt makes (`__nslab_verify`: the command's text and exit status, as the prompt
// records them). Each request is timed in that bash
// (EPOCHREALTIME) from before the request to the end of the reply: the wait a student has
// between a command's end and the next prompt. Target: median under 100 ms.
//
//   node bench/practice/after-command.mjs [FILE] [RUNS]     prints JSON: times (ms), median, p90, max, steps done
//
// Needs root (a private sandbox). NSLAB_BENCH_DIST: the build snapshot bench/run.mjs took.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const dist = process.env.NSLAB_BENCH_DIST ? pathToFileURL(`${process.env.NSLAB_BENCH_DIST}/`) : new URL('../../dist/', import.meta.url);
const { loadScenario, stepCommands } = await import(new URL('index.js', dist).href);
const { practice, CHANNEL_DIR } = await import(new URL('practice/practice.js', dist).href);

const file = process.argv[2] ?? new URL('../../scenarios/l3-router.md', import.meta.url).pathname;
const runs = Number(process.argv[3] ?? process.env.BENCH_RUNS ?? 3);
const scenario = await loadScenario(file);
const commands = scenario.steps.flatMap((s) => stepCommands(s).map((c) => c.command.text));

const quote = (w) => `'${w.replace(/'/g, "'\\''")}'`;
const script = `. ${CHANNEL_DIR}/rc.bash
times=()
h=0
check() {
  h=$((h + 1))
  local t0=\${EPOCHREALTIME/./}
  __nslab_verify "$h" "$1" "$2" >/dev/null
  local t1=\${EPOCHREALTIME/./}
  times+=("$(( (t1 - t0) / 1000 )).$(printf '%03d' $(( (t1 - t0) % 1000 )))")
}
${commands.map((c) => `eval ${quote(c)} >/dev/null 2>&1\ncheck ${quote(c)} "$?"`).join('\n')}
(IFS=,; echo "TIMES [\${times[*]}]")
`;

/** Runs the script as the student's side of one session; returns its times (ms). */
async function oneSession() {
  let times = [];
  const outcome = await practice(scenario, {
    render: () => '',
    write: () => {},
    shell: (sandbox) =>
      new Promise((resolve, reject) => {
        const argv = [...sandbox.enter, 'bash', '--noprofile', '--norc', '-c', script];
        const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('close', () => {
          const m = /TIMES (\[.*\])/.exec(out);
          if (!m) return reject(new Error(`the student's bash printed no times:\n${out}`));
          times = JSON.parse(m[1]);
          resolve();
        });
      }),
  });
  const done = outcome.steps.filter((s) => s.status === 'done').length;
  if (done !== scenario.steps.length) throw new Error(`only ${done} of ${scenario.steps.length} steps were done: the benchmark did not follow the walkthrough`);
  return times;
}

const all = [];
for (let i = 0; i < runs; i++) all.push(...(await oneSession()));
const sorted = [...all].sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(JSON.stringify({ file, runs, checks: all.length, medianMs: median, p90Ms: at(0.9), maxMs: sorted.at(-1), minMs: sorted[0], times: all }));
