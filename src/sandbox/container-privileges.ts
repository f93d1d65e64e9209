/**
 * What a container lacks for nslab, said as the flag to add. Inside a container root is root
 * only as far as its engine allows: without a capability the sandbox cannot be made (unshare,
 * mount), interfaces cannot be made, ping cannot send; without the tun device Open vSwitch
 * cannot make a bridge's port. Told before the sandbox opens, the student learns the flag
 * instead of reading unshare's or ovs-vsctl's error (docs/container.md).
 *
 * The decisions are pure (over the texts of /proc/self/status and /proc/1/environ); the
 * `assert*` functions read the machine and throw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EnvironmentError } from '../util/errors.js';

/** A capability nslab needs inside a container, and what needs it. */
export interface NeededCapability {
  /** Its name without `CAP_`, as `--cap-add` and Kubernetes' securityContext take it. */
  name: string;
  /** Its bit in the CapEff mask (capabilities(7), linux/capability.h). */
  bit: number;
  /** What fails without it, in a few words. */
  neededBy: string;
}

/**
 * The capabilities nslab needs as root in a container, lowest bit first. Measured with podman
 * (`--cap-drop ALL` plus a set, the l2-switch walkthrough): it passes with these five and fails
 * without each. Engines grant DAC_OVERRIDE and SYS_CHROOT by default; NET_ADMIN, SYS_ADMIN and
 * NET_RAW (docker grants NET_RAW, podman does not) are the ones to add.
 */
export const NEEDED_CAPABILITIES: readonly NeededCapability[] = [
  { name: 'DAC_OVERRIDE', bit: 1, neededBy: "mount needs it for the sandbox's private /etc, /var and homes" },
  { name: 'NET_ADMIN', bit: 12, neededBy: 'ip needs it to make interfaces, addresses and routes' },
  { name: 'NET_RAW', bit: 13, neededBy: 'ping needs it' },
  // setns(2): entering a mount namespace takes CAP_SYS_CHROOT as well as CAP_SYS_ADMIN.
  { name: 'SYS_CHROOT', bit: 18, neededBy: "nsenter needs it to enter the sandbox's mount namespace" },
  { name: 'SYS_ADMIN', bit: 21, neededBy: 'unshare and mount need it to make the private sandbox' },
];

/** The device Open vSwitch's userspace datapath makes bridge ports with. */
export const TUN_DEVICE = '/dev/net/tun';

/** Where the container was recognised, and the command that starts one. */
export interface ContainerInfo {
  /** `podman`, `docker`, `kubernetes`, or the value of `container=` (`lxc`, `systemd-nspawn`...). */
  engine: string;
}

/** What {@link detectContainer} reads: the marker files and PID 1's environment. */
export interface ContainerEvidence {
  /** /run/.containerenv exists (podman writes it into every container). */
  containerenv: boolean;
  /** /.dockerenv exists (docker's marker). */
  dockerenv: boolean;
  /** /proc/1/environ (NUL-separated), or undefined when it cannot be read. */
  pid1Environ?: string;
  /** This process's environment: Kubernetes sets KUBERNETES_SERVICE_HOST in every pod. */
  env: NodeJS.ProcessEnv;
}

/**
 * Whether nslab runs in a container, and whose.
 * @returns undefined on a host (no marker, no `container=` in PID 1's environment).
 */
export function detectContainer(evidence: ContainerEvidence): ContainerInfo | undefined {
  if (evidence.env.KUBERNETES_SERVICE_HOST) return { engine: 'kubernetes' };
  if (evidence.containerenv) return { engine: 'podman' };
  if (evidence.dockerenv) return { engine: 'docker' };
  const variable = (evidence.pid1Environ ?? '').split('\0').find((v) => v.startsWith('container='));
  const engine = variable?.slice('container='.length);
  return engine ? { engine } : undefined;
}

/**
 * The capabilities of {@link NEEDED_CAPABILITIES} missing from a process's effective set.
 * @param status the text of /proc/PID/status (its `CapEff:` line, hexadecimal — proc(5))
 * @returns the missing ones, in NEEDED_CAPABILITIES' order; none when the line is absent (a
 *   kernel that does not say: nothing to advise)
 */
export function missingCapabilities(status: string): NeededCapability[] {
  const match = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  if (!match) return [];
  const effective = BigInt(`0x${match[1]}`);
  return NEEDED_CAPABILITIES.filter((c) => (effective & (1n << BigInt(c.bit))) === 0n);
}

/** How to add capabilities and a device, for the engine that runs nslab. */
function remedy(engine: string, capabilities: readonly string[], device: boolean): string {
  if (engine === 'kubernetes') {
    const parts = [
      ...(capabilities.length > 0 ? [`add ${capabilities.join(', ')} to the container's securityContext.capabilities.add`] : []),
      ...(device ? [`mount the host's ${TUN_DEVICE} into the pod (a hostPath volume of type CharDevice)`] : []),
    ];
    return `${parts.join(' and ')}, as deploy/nslab-pod.yaml does`;
  }
  // One --cap-add per capability: docker's takes a single name, podman's either form.
  const flags = [
    ...capabilities.map((c) => `--cap-add ${c}`),
    ...(device ? [`--device ${TUN_DEVICE}`] : []),
  ].join(' ');
  const run = engine === 'podman' || engine === 'docker' ? `${engine} run` : 'podman/docker run';
  return `add ${flags} to ${run}`;
}

/** "a podman container", "a container (lxc)". */
function containerName(engine: string): string {
  if (engine === 'podman' || engine === 'docker') return `a ${engine} container`;
  if (engine === 'kubernetes') return 'a Kubernetes pod';
  return `a container (${engine})`;
}

/**
 * The advice when a container lacks a capability nslab needs.
 * @param container where nslab runs; undefined on a host, where nothing is advised (root there
 *   has every capability, and a user without them gets the sandbox's own advice)
 * @param status the text of /proc/self/status
 * @param root whether nslab runs as root (uid 0); a non-root user makes the sandbox in a user
 *   namespace, where the container's capabilities are not what counts
 * @returns the message, or undefined when nothing is missing
 */
export function capabilityAdvice(container: ContainerInfo | undefined, status: string, root: boolean): string | undefined {
  if (!container || !root) return undefined;
  const missing = missingCapabilities(status);
  if (missing.length === 0) return undefined;
  const without = missing.map((c) => `CAP_${c.name} (${c.neededBy})`).join(' and ');
  return `nslab runs in ${containerName(container.engine)} without ${without}: ${remedy(container.engine, missing.map((c) => c.name), false)}.`;
}

/**
 * The advice when a container has no tun device and the scenario needs one (Open vSwitch).
 * @param container where nslab runs; undefined on a host: nothing is advised
 * @param tunPresent whether /dev/net/tun exists
 * @returns the message, or undefined when nothing is missing
 */
export function tunAdvice(container: ContainerInfo | undefined, tunPresent: boolean): string | undefined {
  if (!container || tunPresent) return undefined;
  return (
    `nslab runs in ${containerName(container.engine)} without ${TUN_DEVICE} (Open vSwitch's bridges need it for their ports): ` +
    `${remedy(container.engine, [], true)}.`
  );
}

/** Reads the evidence of {@link detectContainer} from this machine. */
export function currentContainer(): ContainerInfo | undefined {
  let pid1Environ: string | undefined;
  try {
    pid1Environ = readFileSync('/proc/1/environ', 'latin1');
  } catch {
    pid1Environ = undefined; // another user's PID 1 (a host), or a hardened /proc
  }
  return detectContainer({
    containerenv: existsSync('/run/.containerenv'),
    dockerenv: existsSync('/.dockerenv'),
    pid1Environ,
    env: process.env,
  });
}

/**
 * Throws when nslab runs as root in a container that lacks a capability it needs.
 * Reads /proc/self/status and the container's markers (a few small reads, no process).
 * @throws EnvironmentError naming the flag to add (exit 3)
 */
export function assertContainerCapabilities(): void {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return; // no /proc: the sandbox's own opening reports it
  }
  const advice = capabilityAdvice(currentContainer(), status, process.getuid?.() === 0);
  if (advice) throw new EnvironmentError(advice);
}

/**
 * Throws when nslab runs in a container without the tun device, which the scenario needs.
 * @throws EnvironmentError naming the flag to add (exit 3)
 */
export function assertContainerTun(): void {
  const advice = tunAdvice(currentContainer(), existsSync(TUN_DEVICE));
  if (advice) throw new EnvironmentError(advice);
}
