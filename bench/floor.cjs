#!/usr/bin/env node
// The floor: the least any Node-based runner pays over plain bash for a walkthrough. It starts
// Node, opens the same unshare sandbox as the bash baseline (bench/baseline/sandbox.sh), and sends
// the baseline's commands to one bash, one at a time, each followed by an end marker it waits
// for, as a runner that shows each command, runs it and judges it before the next must. It
// parses nothing, checks nothing itself (the baseline's own `check` lines run in the shell),
// renders nothing and records nothing. Whatever nslab adds over this is nslab's own cost; what
// this adds over bash is Node's start and the round trips (docs/performance.md, "The floor").
//
//   sudo node bench/floor.cjs l3-router|l2-switch|chain [ARGS...]
//   ONE_WRITE=1 ...   sends the whole script in one write instead (no round trips)
//
// CommonJS and node: built-ins only, as bin/nslab is, so that it starts as fast as Node can.
'use strict';
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [name, ...args] = process.argv.slice(2);
const baselineDir = join(__dirname, 'baseline');
let lines;
try {
  lines = readFileSync(join(baselineDir, `${name}.sh`), 'utf8').split('\n');
} catch {
  console.error('usage: node bench/floor.cjs WALKTHROUGH [ARGS...]  (WALKTHROUGH: a bench/baseline/*.sh name)');
  process.exit(2);
}

/**
 * The baseline's commands after its `. sandbox.sh` line, one complete command each: a line, or
 * several while a line ends in `\` or a `for`/`while` loop is open (the baselines' only
 * multi-line forms). Comment and blank lines are dropped.
 */
function commandsOf(text) {
  const body = text.slice(text.findIndex((l) => l.includes('sandbox.sh')) + 1);
  const commands = [];
  let current = [];
  let open = 0;
  for (const line of body) {
    if (current.length === 0 && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    current.push(line);
    open += (line.match(/\bdo\b/g) ?? []).length - (line.match(/\bdone\b/g) ?? []).length;
    if (line.endsWith('\\') || open > 0) continue;
    commands.push(current.join('\n'));
    current = [];
  }
  return commands;
}

const commands = commandsOf(lines);
const MARKER = `__FLOOR_${process.pid}`;
// The baseline's own sandbox, entered directly: sandbox.sh skips its re-exec when this is set.
const shell = spawn('unshare', ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', 'bash', '--noprofile', '--norc', '-s', '--', ...args], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, NSLAB_BASELINE_INSIDE: '1' },
});
const framed = (command) => `{ ${command}\n} </dev/null 2>&1; printf '%s\\n' ${MARKER}\n`;
let next = 0;
function sendNext() {
  if (next >= commands.length) {
    shell.stdin.end();
    return;
  }
  shell.stdin.write(framed(commands[next++]));
}
let pending = '';
shell.stdout.on('data', (chunk) => {
  pending += chunk;
  let at;
  while ((at = pending.indexOf(`${MARKER}\n`)) >= 0) {
    pending = pending.slice(at + MARKER.length + 1);
    sendNext();
  }
});
// `$0` for sandbox.sh's `dirname "$0"` is the shell's own name: source it by its full path.
shell.stdin.write(`. ${join(baselineDir, 'sandbox.sh')}\n`);
if (process.env.ONE_WRITE) {
  shell.stdin.end(`${commands.join('\n')}\n`);
} else {
  shell.stdin.write(`printf '%s\\n' ${MARKER}\n`);
}
shell.on('exit', (code) => process.exit(code ?? 1));
