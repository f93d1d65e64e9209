import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { L3_TOPOLOGY, pidNamespaceOf, processesInPidNamespace, setUp } from '../helpers/with-sandbox.js';

/** Host pids of running programs with that exact name (pgrep(1) exits 1 when none). */
function pgrep(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

describe('private sandbox', () => {
  it('leaves the host untouched and stops every process it started', async () => {
    const hostBefore = hostNetworkState();
    const sandbox = await openPrivateSandbox();
    let pidNs = '';
    let daemons: number[] = [];
    try {
      pidNs = await pidNamespaceOf(sandbox);
      await startOpenVswitch(sandbox);
      await setUp(sandbox, L3_TOPOLOGY);
      await setUp(sandbox, `
        ip link add s-eth1 type veth peer name peer1
        ovs-vsctl add-br s -- set bridge s datapath_type=netdev
        ovs-vsctl add-port s s-eth1`);
      const shell = await sandbox.openShell();
      await shell.run('sleep 3600 & echo started', { timeoutMs: 5000 });
      await shell.runBackground('sleep 3601');
      // The sandbox sees its own namespaces; the host does not.
      expect((await sandbox.exec(['ip', 'netns', 'list'])).output).toContain('H1');
      expect(hostNetworkState()).toEqual(hostBefore);
      const inside = new Set(processesInPidNamespace(pidNs));
      daemons = [...pgrep('ovs-vswitchd'), ...pgrep('ovsdb-server')].filter((pid) => inside.has(pid));
      expect(daemons).toHaveLength(2);
    } finally {
      await sandbox.close();
      await sandbox.close(); // idempotent
    }
    expect(processesInPidNamespace(pidNs)).toEqual([]);
    const remaining = [...pgrep('ovs-vswitchd'), ...pgrep('ovsdb-server')];
    expect(daemons.filter((pid) => remaining.includes(pid))).toEqual([]);
    expect(hostNetworkState()).toEqual(hostBefore);
  });

  it('gives two sandboxes separate namespaces', async () => {
    const [a, b] = await Promise.all([openPrivateSandbox(), openPrivateSandbox()]);
    try {
      await setUp(a, 'ip netns add same');
      await setUp(b, 'ip netns add same'); // would fail with "File exists" if /run/netns were shared
      expect((await a.exec(['ip', '-o', 'link', 'add', 'only-a', 'type', 'veth', 'peer', 'name', 'only-a2'])).exitCode).toBe(0);
      expect((await b.exec(['ip', 'link', 'show', 'only-a'])).exitCode).not.toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('gives the scenario a private /tmp to start in, gone with the sandbox', async () => {
    const name = `nslab-private-tmp-${process.pid}`;
    const sandbox = await openPrivateSandbox();
    try {
      const shell = await sandbox.openShell();
      const result = await shell.run(`pwd; echo kept > ${name}; cat /tmp/${name}`, { timeoutMs: 5000 });
      expect(result.output).toBe('/tmp\nkept\n');
      expect((await sandbox.exec(['cat', `/tmp/${name}`])).stdout).toBe('kept\n');
      expect(existsSync(`/tmp/${name}`)).toBe(false);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps a directory under /tmp visible when asked (nslab installed there), and nothing else of /tmp', async () => {
    const kept = mkdtempSync('/tmp/nslab-kept-');
    const other = mkdtempSync('/tmp/nslab-other-');
    writeFileSync(join(kept, 'here'), 'kept\n');
    writeFileSync(join(other, 'here'), 'other\n');
    const sandbox = await openPrivateSandbox({ keepUnderTmp: [kept] });
    try {
      expect((await sandbox.exec(['cat', join(kept, 'here')])).stdout).toBe('kept\n');
      expect((await sandbox.exec(['cat', join(other, 'here')])).exitCode).not.toBe(0);
      // nslab's own installation is there too when it lives under /tmp (a CI clone).
      const listed = (await sandbox.exec(['ls', '/tmp'])).stdout.trim().split('\n');
      expect(listed).toContain(basename(kept));
      expect(listed).not.toContain(basename(other));
    } finally {
      await sandbox.close();
      rmSync(kept, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("shows the sandbox's own interfaces in /sys/class/net, not the host's", async () => {
    const sandbox = await openPrivateSandbox();
    try {
      await setUp(sandbox, 'ip link add sys-a type veth peer name sys-b');
      const listed = (await sandbox.exec(['ls', '/sys/class/net'])).stdout.split('\n').filter(Boolean).sort();
      expect(listed).toEqual(['lo', 'sys-a', 'sys-b']);
    } finally {
      await sandbox.close();
    }
  });

  it('exec reports exit codes, output and timeouts', async () => {
    const sandbox = await openPrivateSandbox();
    try {
      expect(await sandbox.exec(['sh', '-c', 'echo out; echo err >&2; exit 4'])).toMatchObject({
        exitCode: 4,
        stdout: 'out\n',
        timedOut: false,
      });
      expect(await sandbox.exec(['sleep', '100'], { timeoutMs: 100 })).toMatchObject({ exitCode: null, timedOut: true });
      expect((await sandbox.exec(['no-such-program-nslab'])).exitCode).toBe(127);
    } finally {
      await sandbox.close();
    }
  });
});
