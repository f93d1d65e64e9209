#!/usr/bin/env node
// `nslab serve` measured (issue 21), for bench/run.mjs's table:
//
// - start: `nslab serve SCENARIOS` as a child process, from spawn to its URL on stdout, then
//   SIGTERM and its exit awaited; paired in each round, in a random order, with `node -e 0`
//   spawned the same way (spawn to exit), the least any Node program costs;
// - keystroke: headless Chromium (playwright-core) on the router lesson's page, a real key
//   press into xterm.js, timed in the page from the key's `keydown` to its echo in the
//   terminal's rows (`.xterm-rows`: xterm's DOM renderer): the trip page → WebSocket → pty →
//   bash's readline → pty → WebSocket → xterm → DOM. A word is typed, then Ctrl-U clears it;
// - check mark: a command of the lesson typed, and from the Enter's `keydown` until the ✔ of
//   the check it completes is in the step's checks (the pane the server's `state` updates);
//   over several sessions, each in a fresh sandbox (`restart`);
// - memory: RSS (/proc/PID/status VmRSS) of the server's process and of each process below it
//   (the lesson's sandbox, its shells and the pty's bash), and the tab's JS heap (CDP
//   Performance.getMetrics), with one lesson open.
//
//   node bench/serve.mjs [STARTS] [SESSIONS]    prints one JSON line (times in ms, sizes in MB) on stdout
//
// SESSIONS 0: the start only, no browser (for a machine without Chromium).
// BENCH_SERVE_SCREENSHOT=FILE.png: the page at the end, to see that the benchmark drove it as meant.
// Needs root (the lesson's sandbox) and /usr/bin/chromium. NSLAB_BENCH_ROOT: the build snapshot
// bench/run.mjs took (default: this checkout). Progress and the scenario cache go to a private
// directory unless XDG_STATE_HOME and XDG_CACHE_HOME are set (bench/run.mjs sets both), so
// the user's own progress is not touched. Traffic: loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const LESSON = 'l3-router';
/** Typed keys: a word that never names a command (it is never entered), 9 keys, Ctrl-U after each. */
const WORD = 'keystroke';
const WORDS = 6;
/**
 * Step 1 and step 2 of the router lesson, in order: each command, its step, and the check its
 * Enter completes (null: it completes none, and the next prompt is awaited instead). Practice
 * verifies a step's checks fail-fast, in order, so each check turns ✔ on the command that makes
 * it hold. The sysctl completes step 1, and the prompt then says step 2; when the host does not
 * forward (a new namespace copies the host's IPv4 forwarding), `ip netns add R` already does.
 */
const COMMANDS = [
  { step: 1, command: 'ip netns add H1', check: 'namespace H1 exists' },
  { step: 1, command: 'ip netns add H2', check: 'namespace H2 exists' },
  { step: 1, command: 'ip netns add R', check: 'namespace R exists' },
  { step: 1, command: 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0', check: null },
  { step: 2, command: 'ip link add H1-eth0 type veth peer name R-eth1', check: null },
  { step: 2, command: 'ip link add H2-eth0 type veth peer name R-eth2', check: null },
  { step: 2, command: 'ip link set H1-eth0 netns H1', check: 'H1: link H1-eth0 exists' },
  { step: 2, command: 'ip link set H2-eth0 netns H2', check: 'H2: link H2-eth0 exists' },
  { step: 2, command: 'ip link set R-eth1 netns R', check: 'R: link R-eth1 exists' },
];
/** How long any one wait may take before the benchmark gives up, in ms (a sandbox opens in ~1 s). */
const PATIENCE = 60_000;

const root = process.env.NSLAB_BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const starts = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
const sessions = Number(process.argv[3] ?? 4);
const began = performance.now();
const log = (text) => process.stderr.write(`${((performance.now() - began) / 1000).toFixed(1)} s  ${text}\n`);

const own = mkdtempSync(join(tmpdir(), 'nslab-bench-serve-'));
process.env.XDG_STATE_HOME ??= join(own, 'state');
process.env.XDG_CACHE_HOME ??= join(own, 'cache');

// ── Processes ──────────────────────────────────────────────────────────────────────────────

/** The children this script started and has not seen end: SIGTERMed, by pid, if it stops early. */
const alive = new Set();
process.on('exit', () => {
  for (const child of alive) child.kill('SIGTERM');
  rmSync(own, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

/**
 * Starts `nslab serve` on the snapshot's course.
 * @returns the child, the ms from spawn to the URL line on stdout, and the URL; rejects when it
 *   ends first
 */
function startServer() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/nslab'), 'serve', join(root, 'scenarios')], {
    cwd: own, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => { alive.delete(child); resolve(code ?? signal); }));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (url) resolve({ child, exited, ms: performance.now() - t0, url: new URL(url[0]) });
    });
    void exited.then((code) => reject(new Error(`nslab serve ended (${code}) before printing its URL:\n${out}${err}`)));
  });
}

/** SIGTERM to the server, and its exit awaited; it must be 143 (128 + SIGTERM), as docs/serve.md says. */
async function stopServer({ child, exited }) {
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 143) throw new Error(`nslab serve exited ${code} on SIGTERM, not 143`);
}

/** `node -e 0` spawned as the server is: ms from spawn to exit. */
function bareNode() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', () => resolve(performance.now() - t0)));
}

/** Each process's parent, from /proc/PID/stat (the field after the command's closing parenthesis). */
function parents() {
  const parentOf = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // It ended meanwhile.
    }
  }
  return parentOf;
}

/** A process's resident set in kB (/proc/PID/status VmRSS), or 0 for one that ended or has none (a kernel thread). */
function rssKb(pid) {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * A process's proportional set in kB (/proc/PID/smaps_rollup Pss): its RSS with each shared page
 * divided among the processes that map it, so that the sum over the sandbox's bash processes
 * does not count their one copy of bash once per process.
 */
function pssKb(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The process's name (/proc/PID/comm). */
function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/**
 * @returns the server's own RSS and PSS, and those of each process below it (the lesson's
 *   sandbox, its shells, the pty's bash), in MB; processes that ended while being read are left out
 */
function memoryOf(serverPid) {
  const parentOf = parents();
  const below = [];
  const queue = [serverPid];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const [child, parent] of parentOf) if (parent === pid) { below.push(child); queue.push(child); }
  }
  const mb = (kb) => kb / 1024;
  const processes = below.map((pid) => ({ pid, name: comm(pid), mb: mb(rssKb(pid)), pssMb: mb(pssKb(pid)) })).filter((p) => p.mb > 0);
  const sum = (key) => processes.reduce((s, p) => s + p[key], 0);
  return { serverMb: mb(rssKb(serverPid)), serverPssMb: mb(pssKb(serverPid)), sandboxMb: sum('mb'), sandboxPssMb: sum('pssMb'), processes };
}

// ── Statistics ─────────────────────────────────────────────────────────────────────────────

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The q-quantile, nearest rank (the p90 of 54 keys is the 49th fastest). */
const quantile = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const summary = (xs) => ({ medianMs: median(xs), p90Ms: quantile(xs, 0.9), minMs: Math.min(...xs), maxMs: Math.max(...xs), times: xs });
/** Armed times (`{ ms, messageMs }`): their summary, and the median of the part before the last message. */
const pageSummary = (ts) => ({ ...summary(ts.map((t) => t.ms)), messageMedianMs: median(ts.map((t) => t.messageMs)) });

// ── The page ───────────────────────────────────────────────────────────────────────────────

/**
 * Installed in the page: remembers when the last key went down (the event's own timestamp, in
 * performance.now()'s clock) and lets the benchmark wait, in the page, for something to be
 * shown, resolving with the ms from that keydown to the DOM mutation that showed it. The page's
 * CSP allows no eval, so what is awaited is named, not passed as code.
 */
function instrumentPage() {
  const bench = { keydown: 0, message: 0 };
  window.addEventListener('keydown', (e) => (bench.keydown = e.timeStamp), { capture: true });
  // When the last WebSocket message came (before the page's own listener sees it): what was
  // shown came with the last message before it was shown, so this splits a time into the
  // server's part (and the network's) and the page's (xterm's parse and render, the DOM).
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => (bench.message = performance.now()));
    }
  };
  /** The terminal's rows as text, one string a row, without trailing blanks. */
  bench.rows = () => [...document.querySelectorAll('.xterm-rows > div')].map((r) => r.textContent.replace(/\u00a0/g, ' ').trimEnd());
  /** Whether the check whose text is `text` is ✔ in step `step`'s section. */
  bench.passed = (step, text) =>
    [...document.querySelectorAll(`section.step[data-step="${step}"] li.check.passed code`)].some((c) => c.textContent === text);
  /** What can be awaited: a row of the terminal, exactly; a check's ✔. */
  bench.shown = (what) => (what.row !== undefined ? bench.rows().includes(what.row) : bench.passed(what.step, what.check));
  /**
   * @param what `{ row }` or `{ step, check }` (see `shown`)
   * @returns (in `bench.done`) a promise of `{ ms, messageMs }`: the ms from the last keydown
   *   until `what` was shown, looked for on every DOM mutation, and until the last WebSocket
   *   message before that
   */
  bench.arm = (what) => {
    bench.done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (bench.shown(what)) {
          const at = performance.now();
          observer.disconnect();
          resolve({ ms: at - bench.keydown, messageMs: bench.message - bench.keydown });
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  };
  window.__nslabBench = bench;
}

/** Arms the wait for `what` (see instrumentPage) before the key that is to show it. */
async function arm(page, what) {
  await page.evaluate((w) => window.__nslabBench.arm(w), what);
}

/** The armed wait's times (`{ ms, messageMs }`, see instrumentPage); throws when it did not come within PATIENCE. */
async function armed(page, what) {
  let timer;
  const times = await Promise.race([
    page.evaluate(() => window.__nslabBench.done),
    new Promise((resolve) => (timer = setTimeout(resolve, PATIENCE, null))),
  ]);
  clearTimeout(timer);
  if (times === null) throw new Error(`gave up waiting ${PATIENCE / 1000} s for ${what}; the terminal shows:\n${await shownRows(page)}`);
  return times;
}

/** The prompt the practice shell shows at `step` (rcfile.ts: `[l3-router 3/8] # `), without its trailing blank. */
const promptAt = (step, total) => `[${LESSON} ${step}/${total}] #`;

/** The terminal's rows that are not blank, for an error. */
const shownRows = async (page) => (await page.evaluate(() => window.__nslabBench.rows())).filter(Boolean).join('\n');

/**
 * Waits until the terminal's last non-blank row is a prompt alone.
 * @param prompts the prompts awaited (one of them)
 * @returns the one shown; throws, with what the terminal shows, after PATIENCE
 */
async function waitForPrompt(page, ...prompts) {
  try {
    const shown = await page.waitForFunction((ps) => ps.find((p) => window.__nslabBench.rows().filter(Boolean).at(-1) === p), prompts, { timeout: PATIENCE, polling: 'raf' });
    return await shown.jsonValue();
  } catch {
    throw new Error(`gave up waiting ${PATIENCE / 1000} s for the prompt "${prompts.join('" or "')}"; the terminal shows:\n${await shownRows(page)}`);
  }
}

/** Times each key of WORD, typed WORDS times, from keydown to its echo; Ctrl-U after each word. */
async function keystrokes(page, prompt) {
  const times = [];
  for (let w = 0; w < WORDS; w++) {
    for (let k = 1; k <= WORD.length; k++) {
      // The prompt's row with exactly the first k letters after "# ": the echo of this key, not the last.
      const expected = `${prompt} ${WORD.slice(0, k)}`;
      await arm(page, { row: expected });
      await page.keyboard.press(WORD[k - 1]);
      times.push(await armed(page, `the echo of "${WORD[k - 1]}"`));
    }
    await page.keyboard.press('Control+U');
    await waitForPrompt(page, prompt);
  }
  return times;
}

/** Types `command` and waits for its echo: the Enter is then the only key still to be timed. */
async function typeCommand(page, prompt, command) {
  await page.keyboard.type(command);
  await page.waitForFunction((r) => window.__nslabBench.rows().includes(r), `${prompt} ${command}`, { timeout: PATIENCE, polling: 'raf' });
}

/** The times from each Enter to its check's ✔, for COMMANDS in one fresh session (at step 1). */
async function checkMarks(page, total) {
  const times = [];
  let current = 1;
  for (const { step, command, check } of COMMANDS) {
    if (step < current) continue; // the step was done before its last command
    await typeCommand(page, promptAt(step, total), command);
    if (check !== null) {
      // A check already ✔ before its command would time nothing: the walkthrough went wrong.
      if (await page.evaluate((w) => window.__nslabBench.shown(w), { step, check })) throw new Error(`"${check}" was ✔ before "${command}" ran`);
      await arm(page, { step, check });
    }
    await page.keyboard.press('Enter');
    if (check !== null) times.push(await armed(page, `the ✔ of "${check}"`));
    if ((await waitForPrompt(page, promptAt(step, total), promptAt(step + 1, total))) === promptAt(step + 1, total)) current = step + 1;
  }
  return times;
}

// ── Measurements ───────────────────────────────────────────────────────────────────────────

// Start to URL, paired with bare node.
const start = [];
const node = [];
for (let round = 0; round < starts + 1; round++) {
  const order = Math.random() < 0.5 ? ['serve', 'node'] : ['node', 'serve'];
  for (const which of order) {
    if (which === 'node') {
      const ms = await bareNode();
      if (round > 0) node.push(ms);
    } else {
      const server = await startServer();
      await stopServer(server);
      // Round 0 is the warm-up (page cache, code cache).
      if (round > 0) start.push(server.ms);
    }
  }
}
log(`serve: start to URL ${median(start).toFixed(0)} ms median over ${start.length} starts (node -e 0: ${median(node).toFixed(0)} ms)`);

if (sessions === 0) {
  console.log(JSON.stringify({ start: { ...summary(start), node: summary(node) } }));
  process.exit(0);
}

// One server for the page.
const server = await startServer();
const idle = memoryOf(server.child.pid);
const browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
let result;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript(instrumentPage);
  await page.goto(server.url.href);
  await page.goto(new URL(`/lesson/${LESSON}`, server.url).href);
  log('serve: the lesson page is open');
  const total = await page.locator('section.step[data-step]').count();
  const first = promptAt(1, total);
  await waitForPrompt(page, first);
  await page.locator('.xterm').click();
  log('serve: the lesson\'s shell is ready');

  const keys = await keystrokes(page, first);
  log(`serve: keystroke round trip ${pageSummary(keys).medianMs.toFixed(1)} ms median, p90 ${pageSummary(keys).p90Ms.toFixed(1)} ms over ${keys.length} keys`);

  const marks = [];
  for (let s = 0; s < sessions; s++) {
    if (s > 0) {
      // A fresh sandbox: the practice shell's restart, as the student types it.
      await typeCommand(page, promptAt(2, total), 'restart');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('section.step[data-step="1"] li.check.passed').length === 0, null, { timeout: PATIENCE });
      await waitForPrompt(page, first);
    }
    marks.push(...(await checkMarks(page, total)));
    log(`serve: session ${s + 1} of ${sessions} measured`);
  }
  log(`serve: command to check mark ${pageSummary(marks).medianMs.toFixed(0)} ms median over ${marks.length} checks in ${sessions} sessions`);

  if (process.env.BENCH_SERVE_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SERVE_SCREENSHOT });
  const open = memoryOf(server.child.pid);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const heap = { usedMb: metric('JSHeapUsedSize') / 1048576, totalMb: metric('JSHeapTotalSize') / 1048576 };

  result = {
    start: { ...summary(start), node: summary(node) },
    keystroke: { ...pageSummary(keys), keys: keys.length },
    checkMark: { ...pageSummary(marks), checks: marks.length, sessions },
    memory: { idleServerMb: idle.serverMb, ...open, tabHeap: heap },
  };
} finally {
  await browser.close();
  await stopServer(server);
}
console.log(JSON.stringify(result));
