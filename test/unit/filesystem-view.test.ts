import { describe, expect, it } from 'vitest';
import { escapeFstabField, filesystemTable, readOnlyRemounts, stagingPreparation, type PrivateView } from '../../src/sandbox/filesystem-view.js';
import { privateViews, type ViewsContext } from '../../src/sandbox/private-views.js';

const MOUNTINFO = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw',
  '24 27 0:6 / /dev rw,nosuid,relatime - devtmpfs udev rw',
  '26 24 0:24 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw',
  '28 27 0:25 / /boot/efi rw,nosuid,nodev,relatime - vfat /dev/vda1 rw',
  '29 27 0:26 / /snap/core/1 ro,nodev,relatime - squashfs /dev/loop0 ro',
  '30 27 0:27 / /run rw,nosuid,nodev - tmpfs tmpfs rw',
  '31 30 0:28 / /run/user/1000 rw,nosuid,nodev - tmpfs tmpfs rw',
  '32 27 0:29 / /home/ann/my\\040disk rw,relatime - ext4 /dev/vdb rw',
  '33 27 0:30 / /var/lib/docker rw,relatime - ext4 /dev/vdc rw',
  '34 27 0:31 / /mnt/auto rw,relatime shared:5 - autofs systemd-1 rw',
  '35 27 0:32 / /data rw,noatime - xfs /dev/vdd rw',
  '36 35 0:32 / /data rw,noatime - xfs /dev/vdd rw',
].join('\n');

const VIEWS: PrivateView[] = [
  { path: '/etc', kind: 'overlay', mode: 0o755 },
  { path: '/var', kind: 'overlay', mode: 0o755 },
  { path: '/root', kind: 'tmpfs', mode: 0o700 },
];

describe('readOnlyRemounts', () => {
  it('remounts every other host mount read-only, keeping its flags; "/" as "/."; not /dev, replaced', () => {
    expect(readOnlyRemounts(MOUNTINFO, ['/etc', '/var', '/root', '/home/ann'])).toEqual([
      'none /. none remount,bind,ro,relatime 0 0',
      'none /boot/efi none remount,bind,ro,nosuid,nodev,relatime 0 0',
      'none /data none remount,bind,ro,noatime 0 0',
    ]);
  });
});

describe('filesystemTable', () => {
  const table = filesystemTable({ mountinfo: MOUNTINFO, views: VIEWS, keepUnderTmp: ['/tmp/ci clone'], sysrqTrigger: true, devices: ['null', 'net/tun'] }).split('\n');

  it('mounts the overlays on upper and work directories of one staging mount', () => {
    expect(table).toContain('/dev/shm/0/u /dev/shm/0/u none bind,X-mount.mkdir=0755 0 0');
    expect(table).toContain('nslab-view0 /etc overlay lowerdir=/etc,upperdir=/dev/shm/all/0/u,workdir=/dev/shm/all/0/w 0 0');
    expect(table).toContain('nslab-view2 /root tmpfs mode=0700 0 0');
    expect(table.indexOf('/dev/shm /dev/shm/all none bind,X-mount.mkdir=0700 0 0')).toBeLessThan(table.findIndex((l) => l.includes(' overlay ')));
  });

  it('keeps a directory under /tmp, read-only, and covers the staging mount last of all /dev/shm mounts', () => {
    const aside = table.indexOf('/tmp/ci\\040clone /dev/shm/keep/0 none bind,X-mount.mkdir=0700 0 0');
    const tmp = table.indexOf('nslab-tmp /tmp tmpfs mode=1777 0 0');
    const back = table.indexOf('/dev/shm/keep/0 /tmp/ci\\040clone none bind,ro,X-mount.mkdir=0755 0 0');
    const shm = table.indexOf('nslab-shm /dev/shm tmpfs mode=1777 0 0');
    expect([aside, tmp, back, shm].every((i) => i >= 0)).toBe(true);
    expect(aside < tmp && tmp < back && back < shm).toBe(true);
  });

  it('makes /sys read-only but for the namespace\'s own network devices, bound first (found by the tester)', () => {
    const net = table.indexOf('/sys/devices/virtual/net /sys/devices/virtual/net none bind 0 0');
    expect(table.indexOf('nslab-sys /sys sysfs defaults 0 0')).toBeLessThan(net);
    expect(net).toBeLessThan(table.indexOf('none /sys none remount,bind,ro 0 0'));
  });

  it('binds only the listed devices into a private /dev, before the sandbox\'s /dev/shm (found by the tester: a loop device)', () => {
    const devices = table.filter((l) => l.startsWith('/dev/') && l.includes(' /dev/shm/dev/'));
    expect(devices).toEqual(['/dev/null /dev/shm/dev/null none bind 0 0', '/dev/net/tun /dev/shm/dev/net/tun none bind 0 0', '/dev/pts /dev/shm/dev/pts none rbind 0 0']);
    const dev = table.indexOf('/dev/shm/dev /dev none rbind 0 0');
    expect(dev).toBeGreaterThan(table.indexOf('/dev/pts /dev/shm/dev/pts none rbind 0 0'));
    expect(dev).toBeLessThan(table.indexOf('nslab-shm /dev/shm tmpfs mode=1777 0 0'));
  });

  it('makes /proc/sys read-only but for /proc/sys/net, bound first', () => {
    expect(table.indexOf('/proc/sys/net /proc/sys/net none bind 0 0')).toBeLessThan(table.indexOf('/proc/sys /proc/sys none rbind,ro 0 0'));
    expect(table).toContain('/proc/sysrq-trigger /proc/sysrq-trigger none bind,ro 0 0');
  });
});

describe('stagingPreparation', () => {
  const subdirectories = (path: string): string[] => ({ '/etc': ['frr'], '/var': ['lib'], '/var/lib': ['misc'] })[path] ?? [];

  it('as root, prepares nothing unless /etc/resolv.conf is a link', () => {
    const dev = { dirs: ['/dev/shm/dev/net', '/dev/shm/dev/pts', '/dev/shm/dev/shm'], files: ['/dev/shm/dev/null'] };
    expect(stagingPreparation(VIEWS, false, subdirectories, () => false, ['null'])).toEqual({ ...dev, copies: [] });
    expect(stagingPreparation(VIEWS, false, subdirectories, () => true, ['null'])).toEqual({
      dirs: [...dev.dirs, '/dev/shm/0/u'],
      files: dev.files,
      copies: [['/etc/resolv.conf', '/dev/shm/0/u/resolv.conf']],
    });
  });

  it("in a user namespace, mirrors /etc's and /var's directories and copies the files edited in place", () => {
    const prepared = stagingPreparation(VIEWS, true, subdirectories, () => false);
    expect(prepared.dirs).toEqual(expect.arrayContaining(['/dev/shm/0/u/frr', '/dev/shm/1/u/lib', '/dev/shm/1/u/lib/misc', '/dev/shm/0/u']));
    expect(prepared.copies.map(([from]) => from)).toEqual(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);
  });
});

describe('privateViews', () => {
  const context = (over: Partial<ViewsContext>): ViewsContext => ({
    root: true,
    env: {},
    passwd: () => 'ann:x:1000:1000::/home/ann:/bin/bash\n',
    directoryMode: (path) => (path === '/root' ? 0o700 : 0o755),
    ...over,
  });

  it('gives /etc, /var, /root and the sudo user\'s home a view', () => {
    expect(privateViews(context({ env: { SUDO_USER: 'ann', HOME: '/root' } })).map((v) => v.path)).toEqual(['/etc', '/var', '/root', '/home/ann']);
  });

  it('gives an unreadable /root an empty tmpfs, and no view to a home under /tmp or with a comma', () => {
    const views = privateViews(context({ root: false, env: { HOME: '/tmp/x' }, directoryMode: (p) => (p === '/root' ? undefined : 0o755) }));
    expect(views.find((v) => v.path === '/root')).toEqual({ path: '/root', kind: 'tmpfs', mode: 0o700 });
    expect(views.map((v) => v.path)).toEqual(['/etc', '/var', '/root']);
    expect(privateViews(context({ env: { HOME: '/home/a,b' } })).map((v) => v.path)).toEqual(['/etc', '/var', '/root']);
  });
});

describe('escapeFstabField', () => {
  it('writes blanks and backslashes as octal escapes', () => {
    expect(escapeFstabField('/a b\\c\td')).toBe('/a\\040b\\134c\\011d');
  });
});
