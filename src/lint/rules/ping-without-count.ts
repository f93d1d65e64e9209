/**
 * `ping-without-count`: `ping` with neither `-c` nor `-w` pings until it is stopped, so the
 * step waits for the command's timeout and fails. `background` blocks are exempt: they are
 * meant to run until the end.
 */
import type { Rule } from '../model.js';
import { runnablePings } from './runnable-pings.js';

/** `-c N`, `-c1`, `-qc 1`; `-w DEADLINE` also ends ping. */
const ENDS = /^-[a-zA-Z]*[cw]/;

/** The `ping-without-count` warning rule (see the module comment). */
export const pingWithoutCountRule: Rule = {
  name: 'ping-without-count',
  summary: '`ping` without `-c` in a command that runs (it never ends)',
  check: ({ scenario, lines }) =>
    runnablePings(scenario, lines)
      .filter(({ args }) => !args.some((a) => ENDS.test(a)))
      .map(({ line, column }) => ({ line, column, rule: 'ping-without-count', message: `ping without -c never ends: add -c 1 (line ${line})` })),
};
