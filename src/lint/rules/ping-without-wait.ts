/**
 * `ping-without-wait`: `ping -c N` with neither `-W` nor `-w`. When no reply comes — the
 * lesson's "watch it fail" step, or a student's mistake — iputils ping waits 10 seconds after its
 * last request before it prints its statistics and exits (ping(8), `-W`: "in absence of any
 * responses"), so the command takes that long, or runs into a shorter timeout and is stopped.
 * `background` blocks are exempt, and so is a ping without `-c` (ping-without-count names it).
 */
import type { Rule } from '../model.js';
import { runnablePings } from './runnable-pings.js';

/** `-c N`, `-c1`, `-qc 1`. */
const COUNT = /^-[a-zA-Z]*c/;
/** `-W 1`, `-W1`, `-qW 1`: the wait for a reply; `-w 5`: a deadline for the whole run. */
const BOUNDED = /^-[a-zA-Z]*[Ww]/;

/** The `ping-without-wait` warning rule (see the module comment). */
export const pingWithoutWaitRule: Rule = {
  name: 'ping-without-wait',
  summary: '`ping -c N` without `-W` (a lost reply is waited for 10 s)',
  check: ({ scenario, lines }) =>
    runnablePings(scenario, lines)
      .filter(({ args }) => args.some((a) => COUNT.test(a)) && !args.some((a) => BOUNDED.test(a)))
      .map(({ line, column }) => ({
        line, column, rule: 'ping-without-wait',
        message: `ping without -W waits 10 s after its last request when no reply comes, and may run into the command's timeout: add -W 1 (line ${line})`,
      })),
};
