/**
 * Earned credit for observation steps: a step whose point is to look (the router walkthrough's
 * "Network is unreachable", then its packet loss) already holds when the student reaches it,
 * so holding proves nothing about the student. It is done only when the student's own command
 * makes one of its observations — judged by effect, not by text (docs/practice.md, "Earned
 * credit"):
 *
 * 1. the command observes what one of the step's probes observes (observation.ts: the same
 *    namespace and thing, other options allowed: `ping -c 3 10.0.2.2` for `ping -c 1 -W 1
 *    10.0.2.2`);
 * 2. its exit status is the one the probe expects (a ping stopped with Ctrl-C exits 1 when no
 *    reply came, as `-c 1 -W 1` does; one stopped by `timeout` says nothing, and 3 decides);
 * 3. a ping or trace moved its namespace's counters between the prompt before it and the
 *    prompt after it as the probe's own run moves them (ping-effect.ts): a typo sends nothing;
 * 4. the probe, run again by nslab there and then (it is read-only), still holds: the state
 *    the student saw is the one the lesson is about.
 *
 * Which probes count: a step that pings or traces is about what its packets do, so only those
 * probes (the route table or sysctl it also shows is the explanation); a step with no such
 * probe, any of its probes. One observation suffices.
 */
import type { StepCommand } from '../run/step-commands.js';
import type { Step } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { readIcmpCounters, type NamespaceCounters } from '../state/read-icmp-counters.js';
import type { VerificationItem } from '../verify/outcome.js';
import { probesOf } from '../verify/probes.js';
import { runProbe } from '../verify/verify-step.js';
import { describeExit } from '../run/evaluate-expectation.js';
import { observationOf, sameObservation, type Observation } from '../shell/observation.js';
import { describePingEffect, pingEffect, type PingEffect } from './ping-effect.js';

/** One observation a step asks for: a probe, what it observes and what it expects. */
export interface StepObservation {
  probe: StepCommand;
  observation: Observation;
}

/** A student's command as the practice prompt reported it. */
export interface CommandRecord {
  /** The command line as bash recorded it in its history. */
  text: string;
  /** Its exit statuses, one per pipeline stage (bash's PIPESTATUS). */
  statuses: number[];
}

/** What a command did for the observation step. */
export type Judgement =
  /** It made the observation: the step is done. `item` is the probe as nslab ran it again. */
  | { credited: true; observation: StepObservation; item: VerificationItem }
  /** It observed the same thing, but not what the step shows: `why`, in words, for the student. */
  | { credited: false; observation: StepObservation; why: string; item?: VerificationItem }
  /** It observed nothing the step asks for (an unrelated command, a typo). */
  | { credited: false; observation?: undefined };

/**
 * The observations that credit a step (see the module comment): its ping and trace probes
 * when it has any, else all its probes; each with what it observes.
 */
export function creditedObservations(step: Step): StepObservation[] {
  const all = probesOf(step).flatMap((probe) => {
    const observation = observationOf(probe.command.text);
    return observation ? [{ probe, observation }] : [];
  });
  const packets = all.filter((o) => o.observation.kind !== 'read');
  return packets.length > 0 ? packets : all;
}

/**
 * An observation for the student, short enough for a line of 80 columns:
 * `H1 pings 10.0.2.2 → exit 2, "Network is unreachable"`.
 */
export function describeObservation({ probe, observation }: StepObservation): string {
  const from = observation.namespace || 'the sandbox';
  const what =
    observation.kind === 'ping' ? `${from} pings ${observation.target}`
    : observation.kind === 'trace' ? `${from} traces the route to ${observation.target}`
    : probe.command.text;
  const { exit, output, noOutput, match } = probe.expect;
  const outcome = [
    exit.kind === 'code' ? `exit ${exit.code}` : exit.kind === 'nonzero' ? 'a non-zero exit' : '',
    output !== undefined ? `"${output}"` : '',
    noOutput !== undefined ? `without "${noOutput}"` : '',
    match !== undefined ? `/${match.source}/` : '',
    probe.transcript && probe.transcript.length > 0 ? 'the output shown' : '',
  ].filter((p) => p !== '');
  return `${what} → ${outcome.join(', ')}`;
}

/** Whether an exit status meets a probe's exit expectation. */
function exitMeets(probe: StepCommand, status: number): boolean {
  const exit = probe.expect.exit;
  return exit.kind === 'any' || (exit.kind === 'nonzero' ? status !== 0 : status === exit.code);
}

/** What judging needs besides the command. */
export interface WatchOptions {
  /** A probe's limit when its block sets none, in ms (the scenario's `timeout`). */
  defaultTimeoutMs: number;
}

/**
 * Watches the student's commands on one observation step (see the module comment). Create it
 * when the step is shown: it reads the counters the student's next ping will move.
 */
export class ObservationWatch {
  private baseline = new Map<string, NamespaceCounters>();
  /** The namespaces whose counters tell what a ping did: those of the step's pings and traces. */
  private readonly namespaces: string[];

  private constructor(
    readonly observations: readonly StepObservation[],
    private readonly exec: Exec,
    private readonly options: WatchOptions,
  ) {
    this.namespaces = [...new Set(observations.filter((o) => o.observation.kind !== 'read').map((o) => o.observation.namespace))];
  }

  /**
   * @param observations the step's (creditedObservations), at least one
   * @returns a watch whose counters are read (when the step pings)
   */
  static async start(observations: readonly StepObservation[], exec: Exec, options: WatchOptions): Promise<ObservationWatch> {
    const watch = new ObservationWatch(observations, exec, options);
    watch.baseline = await watch.readCounters();
    return watch;
  }

  private async readCounters(): Promise<Map<string, NamespaceCounters>> {
    return this.namespaces.length > 0 ? readIcmpCounters(this.exec, this.namespaces) : new Map();
  }

  /**
   * Judges the command the student just ran (it ended; the prompt is about to show).
   * @param record the command and its exit statuses; undefined when the prompt could not tell
   * @returns credited, or why not (see Judgement). Never throws for the student's command.
   */
  async judge(record: CommandRecord | undefined): Promise<Judgement> {
    const before = this.baseline;
    const now = await this.readCounters();
    this.baseline = now;
    const student = record && observationOf(record.text);
    const matching = student ? this.observations.filter((o) => sameObservation(o.observation, student)) : [];
    if (!student || matching.length === 0) return { credited: false };
    const status = student.statusIndex === undefined ? undefined : record!.statuses[student.statusIndex];
    const packets = student.kind !== 'read';
    // `timeout` stops a ping with SIGTERM and exits 124: the counters tell what it did.
    const stopped = student.underTimeout === true && status === 124 && packets;
    const studentEffect = packets ? pingEffect(before.get(student.namespace), now.get(student.namespace), student.family) : undefined;
    let first: Judgement | undefined;
    for (const observation of matching) {
      const judged = await this.judgeOne(observation, status, stopped, studentEffect);
      if (judged.credited) return judged;
      first ??= judged;
    }
    return first!;
  }

  /** One matching observation: exit status, effect, and the probe run again. */
  private async judgeOne(observation: StepObservation, status: number | undefined, stopped: boolean, studentEffect: PingEffect | undefined): Promise<Judgement> {
    const { probe } = observation;
    if (!stopped && (status === undefined || !exitMeets(probe, status))) {
      const found = status === undefined ? 'its exit status is not known' : `it exited ${status}`;
      return { credited: false, observation, why: `${found}; the step's observation has ${describeExit(probe.expect.exit)}` };
    }
    if (studentEffect === 'none') return { credited: false, observation, why: describePingEffect('none') };
    const before = this.baseline;
    const item = await runProbe(probe, this.exec, { defaultTimeoutMs: this.options.defaultTimeoutMs, diagnose: false });
    if (studentEffect !== undefined) {
      this.baseline = await this.readCounters();
      const probeEffect = pingEffect(before.get(observation.observation.namespace), this.baseline.get(observation.observation.namespace), observation.observation.family);
      if (item.passed && probeEffect !== studentEffect) {
        return { credited: false, observation, item, why: `${describePingEffect(studentEffect)}; the step shows: ${describePingEffect(probeEffect)}` };
      }
    }
    if (!item.passed) return { credited: false, observation, item, why: `nslab's own \`${probe.command.text}\` no longer shows it: ${item.found}` };
    return { credited: true, observation, item };
  }
}
