import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostOpenVswitchStatus } from '../../src/sandbox/openvswitch.js';
import { openHostSandbox } from '../../src/sandbox/host-sandbox.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import { EnvironmentError } from '../../src/util/errors.js';

// Only harmless commands here: these run on the host itself.
describe('host sandbox', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs shells and execs directly on the host', async () => {
    const sandbox = await openHostSandbox();
    try {
      expect(sandbox.kind).toBe('host');
      const shell = await sandbox.openShell();
      await shell.run('V=host-ok', { timeoutMs: 5000 });
      expect((await shell.run('echo $V', { timeoutMs: 5000 })).output).toBe('host-ok\n');
      const pidNs = (await sandbox.exec(['readlink', '/proc/self/ns/net'])).output.trim();
      const { readlinkSync } = await import('node:fs');
      expect(pidNs).toBe(readlinkSync('/proc/self/ns/net'));
    } finally {
      await sandbox.close();
    }
  });

  it('refuses to run without root', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    await expect(openHostSandbox()).rejects.toThrow(EnvironmentError);
  });

  it('says how to start Open vSwitch when none answers', async () => {
    // A private sandbox stands in for a host without Open vSwitch running: same check, real ovs-vsctl.
    const sandbox = await openPrivateSandbox();
    try {
      await expect(hostOpenVswitchStatus(sandbox.exec)).rejects.toThrow(/service openvswitch-switch start/);
    } finally {
      await sandbox.close();
    }
  });
});
