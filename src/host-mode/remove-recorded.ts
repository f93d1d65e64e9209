/**
 * Removing what a host run recorded — and only that: each object is removed only if it is
 * still there and still the same object (same kind, name and identity), so a namespace or link
 * made later under the same name by someone else is left alone.
 */
import type { Exec } from '../sandbox/types.js';
import { describeObject, readHostObjects, type HostObject } from '../state/host-objects.js';
import type { RecordedObject } from './host-run-record.js';

/**
 * What happened to one recorded object:
 * - `removed`: it was there, the same, and is gone now — removed, or gone with an object
 *   removed before it (a veth's peer, a namespace holding a veth's other end; `detail` says
 *   so); `would-remove` in a dry run;
 * - `gone`: it was not there any more (the cleanup, a peer or a namespace took it);
 * - `replaced`: an object of that name is there but it is another one: left alone;
 * - `failed`: removing it failed (`detail` says why); it is still there.
 */
export interface RemovalOutcome {
  object: RecordedObject;
  outcome: 'removed' | 'would-remove' | 'gone' | 'replaced' | 'failed';
  detail?: string;
}

/** Options of {@link removeRecorded}. */
export interface RemoveOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /**
   * False when the record is from an earlier boot: namespaces and links did not survive it,
   * so one there now is another object, whatever its ifindex. OVS bridges persist in the OVS
   * database across boots and keep their uuid.
   */
  sameBoot?: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * The command removing an object: `ovs-vsctl del-br` (which also removes its ports' OVS
 * devices), `ip netns del` (the namespace's links and a veth's peer go with it, ip-netns(8)),
 * `ip link del dev` (a veth's peer goes with it, ip-link(8)).
 */
function removal(o: Pick<RecordedObject, 'kind' | 'name'>): string[] {
  if (o.kind === 'bridge') return ['ovs-vsctl', '--timeout=5', 'del-br', o.name];
  if (o.kind === 'namespace') return ['ip', 'netns', 'del', o.name];
  return ['ip', 'link', 'del', 'dev', o.name];
}

/**
 * Removes the recorded objects that are still there and the same: OVS bridges first (their
 * devices go with them), then namespaces (veth peers inside go with them), then links — the
 * host re-read between kinds, so an object that went with another is `gone`, not `failed`.
 * @param objects what a run recorded; an object without `id` is matched by kind and name.
 * @param exec the host's Exec.
 * @returns one outcome per object, in the order given. Never throws for a failed removal.
 */
export async function removeRecorded(objects: readonly RecordedObject[], exec: Exec, options: RemoveOptions = {}): Promise<RemovalOutcome[]> {
  if (objects.length === 0) return [];
  const outcomes = new Map<RecordedObject, RemovalOutcome>();
  const sameBoot = options.sameBoot ?? true;
  // A recorded bridge means an OVS daemon answered when it was made: ask it again.
  const read = async () => (await readHostObjects(exec, { askOvs: objects.some((o) => o.kind === 'bridge') || undefined })).objects;
  const atStart = await read();
  /** Was there and the same when nslab began: if it is gone later, a removal of nslab's took it. */
  const wasThere = (o: RecordedObject) => atStart.some((h) => h.kind === o.kind && h.name === o.name && isSame(o, h, sameBoot));
  const tookIt = (object: RecordedObject): RemovalOutcome => ({ object, outcome: 'removed', detail: 'went with what nslab removed before it' });
  for (const kind of ['bridge', 'namespace', 'link'] as const) {
    const mine = objects.filter((o) => o.kind === kind);
    if (mine.length === 0) continue;
    const present = (await read()).filter((o) => o.kind === kind);
    for (const object of mine) {
      const found = present.find((p) => p.name === object.name);
      const same = found !== undefined && isSame(object, found, sameBoot);
      if (!found) outcomes.set(object, wasThere(object) ? tookIt(object) : { object, outcome: 'gone' });
      else if (!same) outcomes.set(object, { object, outcome: 'replaced', detail: 'another object of that name is there now' });
      else if (options.dryRun) outcomes.set(object, { object, outcome: 'would-remove' });
      else {
        const result = await exec(removal(object), { timeoutMs: TIMEOUT_MS });
        // A veth's peer goes with the end removed just before it: gone, not failed.
        const stillThere = result.exitCode !== 0 && (await read()).some((o) => o.kind === kind && o.name === object.name);
        if (result.exitCode === 0) outcomes.set(object, { object, outcome: 'removed' });
        else if (!stillThere) outcomes.set(object, tookIt(object));
        else outcomes.set(object, { object, outcome: 'failed', detail: result.output.trim() || (result.timedOut ? 'timed out' : `exit status ${result.exitCode}`) });
      }
    }
  }
  return objects.map((o) => outcomes.get(o)!);
}

function isSame(recorded: RecordedObject, found: HostObject, sameBoot: boolean): boolean {
  if (!sameBoot && recorded.kind !== 'bridge') return false;
  return recorded.id === undefined || recorded.id === found.id;
}

/**
 * One line for a person: `namespace H1 (step 2)`, `link v0 (step 3, known by name only)`.
 */
export function describeRecorded(o: RecordedObject): string {
  const step = o.step === 'cleanup' ? 'cleanup' : `step ${o.step}`;
  return `${describeObject(o)} (${step}${o.id === undefined ? ', known by name only' : ''})`;
}
