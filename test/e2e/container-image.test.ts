/**
 * The container image (docs/container.md, issue 22): built by scripts/build-image with no
 * registry, it runs the router and switch walkthroughs with the documented flags; without a
 * capability or the tun device nslab exits 3 naming the flag to add; the Kubernetes manifest
 * runs the router walkthrough under `podman kube play`. Progress lands in the volume, a
 * student's own file mounted at /lessons runs, dot draws SVG and `nslab serve` serves inside the
 * image.
 *
 * Needs root, podman and mmdebstrap (`scripts/install-system-packages.sh --with-container-tools`,
 * as .ci/run installs them); skipped without them. Everything it makes (the image, containers,
 * pods, volumes, podman's pause image when it was not there) is removed at the end; what stays
 * is podman's storage directory itself (/var/lib/containers/storage).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import which from 'which';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runProcess, type CliRun } from '../helpers/run-cli.js';

const available =
  process.getuid?.() === 0 && which.sync('podman', { nothrow: true }) !== null && which.sync('mmdebstrap', { nothrow: true }) !== null;

/** Unique per test run: other sessions on the machine may use podman at the same time. */
const TAG = `localhost/nslab-test:${process.pid}`;
const VOLUME = `nslab-test-progress-${process.pid}`;
const POD = `nslab-test-${process.pid}`;
const PAUSE_IMAGE = /^localhost\/podman-pause:/;
const FLAGS = ['--network', 'none'];
const CAPS = ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'];
const TUN = ['--device', '/dev/net/tun'];
/** bit 24 of the capability masks (capabilities(7)). */
const CAP_SYS_RESOURCE = 24n;

let work = '';
/** The environment every podman command gets (CONTAINERS_CONF on a VM with the rlimit quirk). */
let podmanEnv: NodeJS.ProcessEnv = {};
let pauseImageBefore = false;
let hostBefore: PodmanHostState | undefined;

/** What podman's networking changes on a host when a container or pod gets a network. */
interface PodmanHostState {
  /** Links podman's CNI or netavark bridges make (cni-podman0, podman1...), and their veths. */
  links: string[];
  /** net.ipv4.ip_forward, which the bridge plugin turns on (and new namespaces inherit). */
  ipForward: string;
  /** iptables rules and chains of CNI and netavark. */
  firewall: string[];
  /** Network configurations podman writes on first use. */
  cniConfigs: string[];
}

async function podmanHostState(): Promise<PodmanHostState> {
  const links = (await runProcess('ip', ['-o', 'link', 'show'])).stdout.split('\n').map((l) => l.split(': ')[1]?.split('@')[0] ?? '');
  const rules = (await runProcess('iptables-save', [])).stdout.split('\n');
  let cniConfigs: string[] = [];
  try {
    cniConfigs = (await readdir('/etc/cni/net.d')).sort();
  } catch {
    // no CNI configuration directory: nothing podman wrote
  }
  return {
    links: links.filter((l) => /^(cni-|podman|veth)/.test(l)).sort(),
    ipForward: readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim(),
    firewall: rules.filter((r) => /CNI|NETAVARK/.test(r)),
    cniConfigs,
  };
}

function podman(args: string[]): Promise<CliRun> {
  return runProcess('podman', args, podmanEnv, work || ROOT);
}

/**
 * `podman run` of the image with the documented flags, `caps` in place of the three.
 * @param drop a capability dropped explicitly, whatever the engine grants by default
 */
function nslabIn(caps: readonly string[], device: boolean, args: string[], extra: string[] = [], drop?: string): Promise<CliRun> {
  const dropped = drop ? ['--cap-drop', drop] : [];
  return podman(['run', '--rm', ...FLAGS, '--cap-add', caps.join(','), ...dropped, ...(device ? TUN : []), ...extra, TAG, ...args]);
}

/**
 * Podman's default rlimits for a root container (nofile 1048576...) exceed this VM's hard
 * limits, and raising a hard limit takes CAP_SYS_RESOURCE, which no process here has: runc then
 * fails with "error setting rlimits" (docs/container.md, "A quirk of this VM"). Only then, the
 * limits nslab's processes have are given to containers instead, by a copy of the machine's
 * containers.conf (its default capabilities kept) with default_ulimits added, named by
 * CONTAINERS_CONF: the machine's configuration is not touched.
 * @returns the text of that containers.conf, or undefined when the VM has no such quirk
 */
function rlimitQuirkConf(): string | undefined {
  const bounding = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!bounding || (BigInt(`0x${bounding[1]}`) >> CAP_SYS_RESOURCE) & 1n) return undefined;
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const nofile = /^Max open files\s+\S+\s+(\d+)/m.exec(limits)?.[1] ?? '4096';
  // nproc: conmon, which starts runc, runs with at most 32768 here (pid_max); 4096 is plenty.
  const ulimits = `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]`;
  const own = ['/etc/containers/containers.conf', '/usr/share/containers/containers.conf'].find((f) => existsSync(f));
  const text = own ? readFileSync(own, 'utf8').replace(/^default_ulimits\s*=.*$/m, '') : '[containers]\n';
  return text.replace(/^\[containers\]$/m, `[containers]\n${ulimits}`);
}

describe.skipIf(!available)('the container image', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nslab-container-'));
    const quirk = rlimitQuirkConf();
    if (quirk) {
      await writeFile(join(work, 'containers.conf'), quirk);
      podmanEnv = { CONTAINERS_CONF: join(work, 'containers.conf') };
    }
    hostBefore = await podmanHostState();
    pauseImageBefore = (await podman(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n').some((l) => PAUSE_IMAGE.test(l));
    const built = await runProcess('bash', ['scripts/build-image', TAG], podmanEnv);
    expect(built.stderr + built.stdout).toContain(`built ${TAG}`);
    expect(built.code).toBe(0);
  }, 600_000);

  afterAll(async () => {
    if (!work) return;
    await podman(['kube', 'down', join(work, 'pod.yaml')]);
    await podman(['pod', 'rm', '--force', '--ignore', POD]);
    await podman(['volume', 'rm', '--force', VOLUME]);
    await podman(['rmi', '--force', TAG]);
    if (!pauseImageBefore) {
      const images = (await podman(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n');
      for (const image of images.filter((l) => PAUSE_IMAGE.test(l))) await podman(['rmi', image]);
    }
    await rm(work, { recursive: true, force: true });
  }, 120_000);

  it('runs the router walkthrough with the three capabilities, its progress kept in the volume', async () => {
    const run = await nslabIn(CAPS, true, ['run', '--yes', 'l3-router'], ['-v', `${VOLUME}:/var/lib/nslab`]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/PASSED A layer-3 router between two subnets · 8 passed, 0 failed/);
    expect(run.code).toBe(0);
    // A second container reads the progress the first one recorded in the volume.
    const progress = await podman(['run', '--rm', ...FLAGS, '-v', `${VOLUME}:/var/lib/nslab`, TAG, 'progress', '--format', 'json']);
    expect(progress.code).toBe(0);
    expect(progress.stdout).toContain('l3-router');
  });

  it('runs the switch walkthrough (Open vSwitch) with the tun device', async () => {
    const run = await nslabIn(CAPS, true, ['run', '--yes', 'l2-switch']);
    expect(run.stdout).toMatch(/PASSED .* · 7 passed, 0 failed/);
    expect(run.code).toBe(0);
  });

  it.each([
    ['NET_RAW', 'l3-router'],
    ['SYS_ADMIN', 'l3-router'],
    ['NET_ADMIN', 'l3-router'],
  ])('without %s it runs nothing: exit 3, naming --cap-add', async (missing, lesson) => {
    const run = await nslabIn(CAPS.filter((c) => c !== missing), true, ['run', '--yes', lesson], [], missing);
    expect(run.stderr).toContain(`nslab runs in a podman container without CAP_${missing}`);
    expect(run.stderr).toContain(`add --cap-add ${missing} to podman run`);
    expect(run.stdout).not.toContain('Step 1');
    expect(run.code).toBe(3);
  });

  it('without /dev/net/tun the switch walkthrough runs nothing: exit 3, naming --device', async () => {
    const run = await nslabIn(CAPS, false, ['run', '--yes', 'l2-switch']);
    expect(run.stderr).toContain('add --device /dev/net/tun to podman run');
    expect(run.stdout).not.toContain('Step 1');
    expect(run.code).toBe(3);
  });

  it("runs a student's own scenario file mounted at /lessons", async () => {
    const lessons = join(work, 'lessons');
    await mkdir(lessons);
    await copyFile(join(ROOT, 'scenarios/l3-router.md'), join(lessons, 'my-router.md'));
    const run = await nslabIn(CAPS, true, ['run', '--yes', 'my-router.md'], ['-v', `${lessons}:/lessons`]);
    expect(run.stdout).toContain('8 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  it('draws the topology as SVG with the image’s dot (graphviz without its image codecs)', async () => {
    const run = await nslabIn(CAPS, true, ['topo', '--format', 'svg', 'l3-router']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/<svg[\s\S]*>H1<[\s\S]*<\/svg>/);
    expect(run.code).toBe(0);
  });

  it("serves the course with nslab serve, node-pty's native module loading in the image", async () => {
    // Inside the container's own namespace: the server listens on its loopback only.
    const script = [
      "node -e \"const p = require('/opt/nslab/node_modules/@lydell/node-pty'); const t = p.spawn('/bin/echo', ['pty works'], {}); t.onData((d) => process.stdout.write(d)); t.onExit(() => process.exit(0))\"",
      'nslab serve --port 8123 > /tmp/serve.log 2>&1 &',
      'for i in $(seq 100); do grep -q token= /tmp/serve.log && break; sleep 0.1; done',
      'curl -s "$(grep -o \'http://[^ ]*\' /tmp/serve.log)"',
      'kill %1; wait',
    ].join('\n');
    const run = await nslabIn(CAPS, true, ['-c', script], ['--entrypoint', 'bash']);
    expect(run.stdout).toContain('pty works');
    expect(run.stdout).toContain('<title>Lessons · nslab</title>');
    expect(run.stdout).toContain('l3-router');
  });

  it('runs the router walkthrough as the Kubernetes Pod of deploy/nslab-pod.yaml (podman kube play)', async () => {
    const manifest = (await readFile(join(ROOT, 'deploy/nslab-pod.yaml'), 'utf8'))
      .replace(/^( +image: ).*$/m, `$1${TAG}`)
      .replace(/^( +name: )nslab-lesson$/m, `$1${POD}`);
    await writeFile(join(work, 'pod.yaml'), manifest);
    // --network none: the pod's default network would be a CNI bridge on the host, with
    // iptables chains and the host's ip_forward turned on (a cluster gives pods its own network).
    const played = await podman(['kube', 'play', '--network', 'none', join(work, 'pod.yaml')]);
    expect(played.stderr).toBe('');
    expect(played.code).toBe(0);
    const container = `${POD}-nslab`;
    const waited = await podman(['wait', container]);
    const logs = await podman(['logs', container]);
    expect(logs.stdout + logs.stderr).toMatch(/PASSED A layer-3 router between two subnets · 8 passed, 0 failed/);
    expect(waited.stdout.trim()).toBe('0');
    const down = await podman(['kube', 'down', join(work, 'pod.yaml')]);
    expect(down.code).toBe(0);
  }, 120_000);

  it("leaves the host's network as it was: no bridge, firewall rule or ip_forward of podman's", async () => {
    expect(await podmanHostState()).toEqual(hostBefore);
  });
});
