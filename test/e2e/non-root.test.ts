/**
 * nslab as a plain user (issue 19's findings): what only root's sandbox can give is said before
 * step 1 and in `nslab list`, and programs in /usr/sbin are found with `su - user`'s PATH.
 */
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runProcess } from '../helpers/run-cli.js';

let copy = '';
beforeAll(() => {
  // A world-readable copy of the bundle and the course: the checkout may be under /root (CI).
  copy = mkdtempSync(join(tmpdir(), 'nslab-plain-user-'));
  for (const dir of ['bin', 'dist/bundle', 'scenarios']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  chmodSync(copy, 0o755);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** nslab as nobody, with the PATH `su - user` gives on Debian (no sbin directories). */
const asPlainUser = (args: string[]) =>
  runProcess(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'bin/nslab'), ...args],
    { HOME: '/tmp', PATH: '/usr/local/bin:/usr/bin:/bin' },
    copy,
  );

describe('as a user without root', () => {
  it('says before step 1 that a live tcpdump capture needs root (nat), exit 3, nothing run', async () => {
    const run = await asPlainUser(['test', 'scenarios/nat.md']);
    expect(run.stderr).toContain('live tcpdump capture');
    expect(run.stderr).toContain('run nslab as root');
    expect(run.stdout).not.toMatch(/Couldn't change to 'tcpdump'/);
    expect(run.code).toBe(3);
  });

  it('lists Open vSwitch and capture lessons as missing root, and the others as runnable', async () => {
    const run = await asPlainUser(['list', 'scenarios', '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ file: string; missing: string[] }>;
    const missing = (name: string) => rows.find((r) => r.file.endsWith(`/${name}`))?.missing;
    expect(missing('l2-switch.md')).toContain('root');
    expect(missing('nat.md')).toContain('root');
    expect(missing('policy-routing.md')).toContain('root');
    expect(missing('l3-router.md')).toEqual([]);
    expect(missing('ipv6.md')).toEqual([]);
  });

  it('says before step 1 that dnsmasq needs root (found by the tester: it failed mid-run, exit 5)', async () => {
    const file = join(copy, 'dhcp.md');
    writeFileSync(file, '---\ntitle: DHCP\nrequires: [ip, dnsmasq]\n---\n# DHCP\n\n## Serve\n\n```sh\ndnsmasq --port=0 --user=root --group=root\n```\n');
    chmodSync(file, 0o644);
    const run = await asPlainUser(['run', file, '--yes']);
    expect(run.stderr).toContain('dnsmasq (it changes its group at start, which a user namespace refuses)');
    expect(run.stdout).not.toContain('Step 1');
    expect(run.code).toBe(3);
  });

  it('finds sysctl and ifconfig in /usr/sbin though PATH lacks it, and runs them', async () => {
    const file = join(copy, 'sbin.md');
    writeFileSync(file, '---\ntitle: Sbin\nrequires: [sysctl, ifconfig]\n---\n# Sbin\n\n## Both\n\n```sh {output="lo"}\nsysctl -n net.ipv4.ip_forward && ifconfig lo\n```\n');
    chmodSync(file, 0o644);
    const run = await asPlainUser(['run', file, '--yes']);
    expect(run.stderr).not.toContain('not installed');
    expect(run.stdout).toContain('PASSED');
    expect(run.code).toBe(0);
  });
});
