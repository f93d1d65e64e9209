/**
 * A user whose PATH lacks the sbin directories (`su - user` on Debian) is not told that sysctl
 * (procps) or ifconfig (net-tools) "are not installed": they are, in /usr/sbin (issue 19).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findMissingPrograms } from '../../src/run/find-missing-programs.js';
import { commandEnv, withSbin } from '../../src/util/child-process.js';

const saved = process.env.PATH;
afterEach(() => {
  process.env.PATH = saved;
});

describe('the sbin directories', () => {
  it('are added to a PATH without them, once, at its end', () => {
    expect(withSbin('/usr/local/bin:/usr/bin:/bin')).toBe('/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin');
    expect(withSbin('/usr/sbin:/usr/bin')).toBe('/usr/sbin:/usr/bin:/usr/local/sbin:/sbin');
  });

  it("find sysctl and ifconfig with su - user's PATH, and give the sandbox's commands that PATH", async () => {
    process.env.PATH = '/usr/local/bin:/usr/bin:/bin';
    expect(await findMissingPrograms(['sysctl', 'ifconfig'])).toEqual([]);
    expect(commandEnv().PATH).toContain('/usr/sbin');
    expect(await findMissingPrograms(['nslab-no-such-program'])).toEqual(['nslab-no-such-program']);
  });
});
