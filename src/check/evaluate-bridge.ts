/**
 * `bridge NAME has ports IF...`: holds only if the bridge can forward between them — its device
 * exists in the kernel and every listed port is attached without error. Extra ports are fine.
 */
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';

/** Evaluates `bridge NAME has ports IF...` (Linux bridge in the check's namespace, or Open vSwitch). */
export const evaluateBridgePorts: Evaluator<'bridge-ports'> = async (p, ns, reader) => {
  const read = await reader.bridge(p.bridge, ns);
  if (isFailure(read)) return failedRead(read);
  const state = read.value;
  if (state.kind === 'none') {
    const note = state.note !== undefined ? ` (Open vSwitch: ${state.note})` : '';
    return { passed: false, found: `bridge ${p.bridge} does not exist${note}` };
  }
  const problems: string[] = [];
  if (!state.device) {
    // ovs-vsctl add-br "succeeds" without a kernel datapath; vswitchd then has no device for it.
    problems.push(
      `bridge ${p.bridge} has no kernel device (without the openvswitch kernel module a bridge needs datapath_type=netdev)`,
    );
  }
  for (const name of p.ports) {
    const port = state.ports.find((x) => x.name === name);
    if (!port) problems.push(`port ${name} is missing`);
    else if (!port.attached) problems.push(`port ${name} is not attached: ${port.problem ?? 'unknown reason'}`);
  }
  const names = state.ports.map((x) => x.name);
  const has = `bridge ${p.bridge} ${names.length > 0 ? `has ports ${names.join(', ')}` : 'has no ports'}`;
  // What is wrong comes first: a student reads the start of the line.
  const found = problems.length > 0 ? `${problems.join('; ')}; ${has}` : has;
  return { passed: problems.length === 0, found };
};
