/**
 * The sandbox's private view of the filesystem (docs/sandbox.md, "The filesystem"): a scenario
 * that writes everywhere a lesson or a daemon writes, run by the CLI as root and as a user
 * without root, changes nothing of the host's files — hashed before and after; anything found
 * changed is put back and fails the test.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runProcess, type CliRun } from '../helpers/run-cli.js';

const NAME = `nslab-fs-${process.pid}`;

/** What a host path is: its content's hash, a link's target, or absent. */
function fingerprint(path: string): string {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return `link ${readlinkSync(path)}`;
    if (!stat.isFile()) return `kind ${stat.mode >> 12}`;
    return `sha256 ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  } catch {
    return 'absent';
  }
}

/** The host's files a run of {@link scenario} would change if the sandbox let it through. */
const WATCHED = [
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/hostname',
  `/etc/${NAME}`,
  `/var/lib/${NAME}`,
  `/run/${NAME}`,
  `/var/run/${NAME}`,
  `/usr/local/${NAME}`,
  `/root/${NAME}`,
  '/var/run/dnsmasq.pid',
  `/dev/shm/${NAME}`,
];

/**
 * The scenario: each step writes and checks inside, or expects the kernel's refusal. dnsmasq
 * runs with its default pid file (/var/run/dnsmasq.pid), as root.
 * @param root whether nslab runs as root (no user namespace)
 */
function scenario(root: boolean): string {
  const block = (title: string, command: string, attributes = ''): string =>
    `## ${title}\n\n\`\`\`sh${attributes ? ` {${attributes}}` : ''}\n${command}\n\`\`\`\n`;
  return [
    '---\ntitle: Writes everywhere\nrequires: [dnsmasq, python3]\n---\n# Writes everywhere\n',
    block('Edit /etc/hosts', `echo "192.0.2.7 ${NAME}" >> /etc/hosts && grep -c ${NAME} /etc/hosts`, 'output="1"'),
    block('Replace /etc/resolv.conf', 'echo "nameserver 192.0.2.53" > /etc/resolv.conf && cat /etc/resolv.conf', 'output="nameserver 192.0.2.53"'),
    block('New files', [`/etc/${NAME}`, `/var/lib/${NAME}`, `/var/run/${NAME}`, `/root/${NAME}`, `/dev/shm/${NAME}`].map((p) => `echo x > ${p} && test -s ${p}`).join(' && ') + ` && test -e /run/${NAME} && echo written`, 'output="written"'),
    block('/usr/local is read-only', `touch /usr/local/${NAME}`, 'exit=nonzero output="Read-only file system"'),
    // As a user without root, dnsmasq cannot drop its privileges (setgroups(2) is refused in a
    // user namespace: user_namespaces(7)), as tcpdump: a daemon with its default paths as root.
    root ? block('dnsmasq with its default pid file', 'dnsmasq --port=0 && sleep 0.3 && kill -0 "$(cat /var/run/dnsmasq.pid)" && echo running', 'output="running"') : '',
    // finit_module(2) on /dev/null: EPERM without CAP_SYS_MODULE, checked before anything else
    // (ENOSYS: a kernel built without modules, as on some VMs).
    block(
      'Loading a kernel module is refused',
      `python3 -c 'import ctypes, errno, os, platform; n = {"x86_64": 313, "aarch64": 273}[platform.machine()]; libc = ctypes.CDLL(None, use_errno=True); libc.syscall(n, os.open("/dev/null", os.O_RDONLY), b"", 0); print(errno.errorcode[ctypes.get_errno()])'`,
      'match="EPERM|ENOSYS"',
    ),
    // As root the sandbox's processes lack CAP_SYS_MODULE (bit 16, capabilities(7)) altogether.
    root ? block('Without CAP_SYS_MODULE', 'echo $(( (0x$(sed -n "s/^CapBnd:\\t//p" /proc/self/status) >> 16) & 1 ))', 'output="0"') : '',
    block('A host-wide sysctl is refused', 'cat /proc/sys/vm/swappiness > /proc/sys/vm/swappiness', 'exit=nonzero match="Read-only file system|Permission denied"'),
    // /sys as /proc/sys: host-wide settings read-only, the namespace's own devices writable.
    block('A host-wide sysfs setting is refused', 'cat /sys/kernel/mm/transparent_hugepage/enabled | grep -o "\\[[a-z]*\\]" | tr -d "[]" > /sys/kernel/mm/transparent_hugepage/enabled', 'exit=nonzero match="Read-only file system|Permission denied"'),
    block("A bridge's own sysfs setting is not", 'ip link add br-fs type bridge && echo 1 > /sys/class/net/br-fs/bridge/stp_state && cat /sys/class/net/br-fs/bridge/stp_state', 'output="1"'),
    // A loop device attached inside would stay attached on the host (found by the tester): the
    // sandbox's /dev has none, nor the kernel log; the devices lessons use are there.
    block('No loop device, no kernel log', 'test ! -e /dev/loop-control && test ! -e /dev/loop0 && test ! -e /dev/kmsg && echo absent', 'output="absent"'),
    block('The devices lessons use', 'echo x > /dev/null && head -c 4 /dev/urandom | wc -c && test -c /dev/net/tun && cat <(echo via-dev-fd)', 'output="via-dev-fd"'),
    block("The network namespace's own sysctl is not", 'sysctl -w net.ipv4.ip_forward=1', 'output="net.ipv4.ip_forward = 1"'),
  ].join('\n');
}

/** Runs `run` with the host's watched files hashed around it; puts back and reports changes. */
async function leavesHostFiles(run: () => Promise<CliRun>): Promise<CliRun> {
  const saved = new Map(WATCHED.map((p) => [p, { print: fingerprint(p), bytes: fingerprint(p).startsWith('sha256') ? readFileSync(p) : undefined }]));
  const result = await run();
  const changed: string[] = [];
  for (const [path, before] of saved) {
    if (fingerprint(path) === before.print) continue;
    changed.push(path);
    if (before.bytes !== undefined) writeFileSync(path, before.bytes);
    else if (before.print === 'absent') rmSync(path, { force: true, recursive: true });
  }
  expect(changed, 'host files changed by the run (put back)').toEqual([]);
  return result;
}

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nslab-fs-'));
  chmodSync(work, 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the private filesystem view', () => {
  it('as root: every write works inside or is refused plainly, and the host files are as before', async () => {
    const file = join(work, 'writes.md');
    writeFileSync(file, scenario(true));
    const run = await leavesHostFiles(() => runCli(['run', file, '--yes']));
    expect(run.stdout).toContain('PASSED');
    expect(run.code).toBe(0);
  });

  it('as a user without root (user namespace): the same, and the host files are as before', async () => {
    // A world-readable copy of the bundle (the checkout may be under /root, as in CI).
    const copy = join(work, 'nslab');
    for (const dir of ['bin', 'dist/bundle']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    const file = join(work, 'writes-user.md');
    writeFileSync(file, scenario(false));
    chmodSync(file, 0o644);
    const run = await leavesHostFiles(() =>
      runProcess('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'bin/nslab'), 'run', file, '--yes'], { HOME: work }, work),
    );
    expect(run.stdout).toContain('PASSED');
    expect(run.code).toBe(0);
  });
});

// Never left behind, whatever happened above.
afterAll(() => {
  for (const path of WATCHED) if (path.includes(NAME)) {
    try {
      unlinkSync(path);
    } catch {
      // absent, as it should be
    }
  }
});
