/**
 * Whether a command's effect ({@link CommandEffect}) already holds in the live state: the
 * question `solve` asks before each command of a step the student may have begun.
 */
import { describeCheck, describePlace } from '../check/describe-check.js';
import { evaluateCheck } from '../check/evaluate-check.js';
import type { Exec } from '../sandbox/types.js';
import { READ_TIMEOUT_MS } from '../state/run-ip.js';
import { createStateReader, type StateReader } from '../state/state-reader.js';
import { readNetworkState } from '../topology/network-state.js';
import type { CommandEffect, EffectCondition } from './command-effect.js';

/**
 * The verdict on one command. `held`: its whole effect is there (`what`: each condition, in
 * words); `absent`: its object is not there, so it is to run; `conflict`: its object is there
 * but otherwise than it would make it (`found`), so running it would fail or do harm.
 */
export type EffectVerdict =
  | { kind: 'held'; what: string[] }
  | { kind: 'absent' }
  | { kind: 'conflict'; found: string };

interface ConditionVerdict {
  holds: boolean;
  /** The condition, in words: `namespace H1 exists`, `R: link R-eth1 exists`. */
  expected: string;
  found: string;
  /** A pair of which only one end, or an unpaired end, exists: not absent, not there either. */
  conflict?: boolean;
}

/**
 * Judges an effect against the live state (reads only).
 * @param effect from `commandEffect`
 * @param exec the sandbox's exec
 * @returns held when every condition holds; absent when the first (the object itself) does not
 *   hold and nothing stands in its way; conflict otherwise. Never throws (a read that fails
 *   counts as not holding).
 */
export async function judgeEffect(effect: CommandEffect, exec: Exec): Promise<EffectVerdict> {
  const reader = createStateReader(exec);
  const verdicts: ConditionVerdict[] = [];
  for (const condition of effect.conditions) verdicts.push(await judgeCondition(condition, exec, reader));
  const [object, ...settings] = verdicts;
  if (!object) return { kind: 'absent' };
  if (object.conflict) return { kind: 'conflict', found: object.found };
  if (!object.holds) return { kind: 'absent' };
  const unmet = settings.filter((v) => !v.holds);
  if (unmet.length === 0) return { kind: 'held', what: verdicts.map((v) => v.expected) };
  return { kind: 'conflict', found: [object.expected, ...unmet.map((v) => `${v.found} (the command sets ${v.expected})`)].join('; ') };
}

async function judgeCondition(condition: EffectCondition, exec: Exec, reader: StateReader): Promise<ConditionVerdict> {
  switch (condition.kind) {
    case 'check': {
      const result = await evaluateCheck(condition.check, exec, reader);
      return { holds: result.passed, expected: describeCheck(condition.check), found: result.found };
    }
    case 'ovs-bridge': {
      const read = await reader.bridge(condition.bridge);
      const exists = read.ok && read.value.kind === 'openvswitch';
      const expected = `Open vSwitch bridge ${condition.bridge} ${condition.present ? 'exists' : 'is absent'}`;
      return { holds: exists === condition.present, expected, found: `bridge ${condition.bridge} ${exists ? 'exists' : 'does not exist'}` };
    }
    case 'ovs-column':
      return judgeColumn(condition, exec);
    case 'pair':
      return judgePair(condition, exec);
  }
}

/** `ovs-vsctl get TABLE RECORD COLUMN` against the value the command sets. */
async function judgeColumn(c: Extract<EffectCondition, { kind: 'ovs-column' }>, exec: Exec): Promise<ConditionVerdict> {
  const expected = `${c.table} ${c.record} ${c.column}=${c.value}`;
  const got = await exec(['ovs-vsctl', '--timeout=2', 'get', c.table, c.record, c.column], { timeoutMs: READ_TIMEOUT_MS });
  const value = (got.stdout ?? got.output).trim();
  if (got.exitCode !== 0) return { holds: false, expected, found: `${c.table} ${c.record}: ${value.split('\n').pop() ?? 'cannot be read'}` };
  return { holds: sameOvsValue(value, c.value), expected, found: `${c.table} ${c.record} has ${c.column}=${value}` };
}

/**
 * Whether `ovs-vsctl get`'s text (`[10, 20]`, `"netdev"`, `10`, `[]`) is the value a `set`
 * wrote (`10,20`, `netdev`, `10`): brackets, quotes and spaces apart, the same words.
 */
export function sameOvsValue(printed: string, written: string): boolean {
  const words = (s: string) => s.replace(/[[\]{}"\s]/g, '').split(',').filter(Boolean).sort().join(',');
  return words(printed) === words(written);
}

/**
 * A veth pair made as `ip link add NAME type veth peer name PEER`: after the lesson's next
 * commands its ends may be in any namespace, so every namespace is looked in.
 */
async function judgePair(c: Extract<EffectCondition, { kind: 'pair' }>, exec: Exec): Promise<ConditionVerdict> {
  const expected = `veth pair ${c.name}–${c.peer} exists`;
  const state = await readNetworkState(exec).catch(() => undefined);
  if (!state) return { holds: false, expected, found: 'the namespaces could not be read' };
  const ends = state.namespaces.flatMap((ns) =>
    ns.interfaces.filter((i) => i.name === c.name || i.name === c.peer).map((i) => ({ ns: describePlace(ns.name), iface: i })),
  );
  if (ends.length === 0) return { holds: false, expected, found: `neither ${c.name} nor ${c.peer} exists` };
  const where = ends.map(({ ns, iface }) => `${iface.name} in ${ns}`).join(', ');
  const paired = ends.some(({ iface }) => iface.name === c.name && typeof iface.peer === 'object' && iface.peer.ifname === c.peer);
  if (paired) return { holds: true, expected, found: where };
  const described = ends.map(({ ns, iface }) => {
    const peer = iface.peer === undefined ? 'not a veth end' : iface.peer === 'outside' ? 'its peer is outside' : `its peer is ${iface.peer.ifname}`;
    return `${iface.name} exists in ${ns} (${peer})`;
  });
  return { holds: false, conflict: true, expected, found: `${described.join('; ')}: not a pair ${c.name}–${c.peer}` };
}
