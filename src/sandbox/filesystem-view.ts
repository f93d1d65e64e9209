/**
 * The sandbox's private view of the filesystem, as one fstab(5) table that PID 1 mounts with a
 * single `mount -a -T` (a process per mount would add its start, for
 * each mount, to the critical path of every run (docs/performance.md, "Costs behind the code")). Every place a scenario, or a daemon it starts with default paths, may write is private
 * and vanishes with the sandbox; the rest of the host's filesystem is read-only inside.
 *
 * - /etc, /var, /root and the invoking user's home: overlayfs (kernel
 *   Documentation/filesystems/overlayfs.rst), the host's directory below and a tmpfs above, so
 *   a scenario edits /etc/hosts or writes /var/lib/misc/dnsmasq.leases in its own copy.
 * - /run, /tmp, /dev/shm: fresh tmpfs (no host socket is reachable through /run: not D-Bus, not
 *   systemd's, so `systemctl` inside cannot reach the host's services).
 * - /proc/sys read-only except /proc/sys/net, whose values are the sandbox's network
 *   namespace's own (proc(5), "/proc/sys/net"); /proc/sysrq-trigger read-only.
 * - /sys: the network namespace's own sysfs, read-only except the devices of that namespace
 *   (/sys/devices/virtual/net, where /sys/class/net points): host-wide settings such as
 *   /sys/kernel/mm or a disk's queue are out of reach, as /proc/sys's are.
 * - /dev: a private one holding only the devices a lesson uses ({@link DEVICES}, bound from the
 *   host), the terminal's /dev/pts, and /dev/fd, stdin, stdout, stderr: no loop device (an
 *   attached one would outlive the sandbox on the host), no disk, no kernel log.
 * - every other mount of the host (/ first) remounted read-only: `touch /usr/local/x` is EROFS.
 *
 * The overlays' upper and work directories live on a staging tmpfs mounted on /dev/shm first
 * and covered at the end by the sandbox's own /dev/shm: nothing inside can see or remove them.
 */

/** Where PID 1 mounts the staging tmpfs before the table runs (covered again at its end). */
export const STAGING = '/dev/shm';

/**
 * The device nodes of the sandbox's /dev, bound from the host's (those it has): the byte sinks
 * and sources, the controlling terminal, pseudo-terminals, and tun/tap (Open vSwitch's
 * userspace datapath and tun lessons).
 */
export const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx', 'net/tun'] as const;

/** Where the sandbox's /dev is assembled on the staging tmpfs before it is bound onto /dev. */
const DEV = `${STAGING}/dev`;

/** One directory of the host given a private copy-on-write view, or an empty tmpfs. */
export interface PrivateView {
  /** Absolute path, e.g. `/etc`. */
  path: string;
  /**
   * 'overlay': the host's directory below a private upper layer; 'tmpfs': an empty private
   * directory, for one the sandbox cannot read (/root as a non-root user).
   */
  kind: 'overlay' | 'tmpfs';
  /** Permission bits of the host's directory (the merged directory takes its upper's mode). */
  mode: number;
}

/** What {@link filesystemTable} needs to know about the host. */
export interface FilesystemPlanInput {
  /** The host's /proc/self/mountinfo (proc(5)): which mounts to make read-only. */
  mountinfo: string;
  /** The directories with a private view (see {@link privateViews}). */
  views: readonly PrivateView[];
  /** Host directories under /tmp to keep visible (read-only) through the private /tmp. */
  keepUnderTmp: readonly string[];
  /** Whether /proc/sysrq-trigger exists (CONFIG_MAGIC_SYSRQ): a bind needs its target. */
  sysrqTrigger: boolean;
  /** The {@link DEVICES} the host has. */
  devices: readonly string[];
}

/** Directories whose mounts the sandbox replaces or owns: never remounted read-only. */
const REPLACED = ['/run', '/tmp', '/proc', '/sys', '/dev'];

/**
 * The fstab(5) table of the sandbox's file systems, in mount order.
 * @returns the table's text, one line per mount, for `mount -a -T FILE` run by PID 1 after it
 *   has mounted a tmpfs on {@link STAGING}
 */
export function filesystemTable(input: FilesystemPlanInput): string {
  const lines: string[] = [];
  const add = (source: string, target: string, type: string, options: string): void => {
    lines.push(`${escapeFstabField(source)} ${escapeFstabField(target)} ${type} ${options} 0 0`);
  };
  const overlays = input.views.map((view, i) => ({ view, upper: `${STAGING}/${i}/u`, work: `${STAGING}/${i}/w` }));
  // The upper and work directories must exist and be on one mount (overlayfs). X-mount.mkdir
  // (mount(8)) makes each as the target of a bind onto itself; a bind of the staging root then
  // shows them all on one mount, under STAGING/all, without those self-binds.
  for (const { view, upper, work } of overlays) {
    if (view.kind !== 'overlay') continue;
    add(upper, upper, 'none', `bind,X-mount.mkdir=${octal(view.mode)}`);
    add(work, work, 'none', 'bind,X-mount.mkdir=0700');
  }
  if (overlays.some(({ view }) => view.kind === 'overlay')) add(STAGING, `${STAGING}/all`, 'none', 'bind,X-mount.mkdir=0700');
  for (const [i, { view }] of overlays.entries()) {
    if (view.kind === 'tmpfs') {
      add(`nslab-view${i}`, view.path, 'tmpfs', `mode=${octal(view.mode)}`);
      continue;
    }
    const layers = `lowerdir=${view.path},upperdir=${STAGING}/all/${i}/u,workdir=${STAGING}/all/${i}/w`;
    add(`nslab-view${i}`, view.path, 'overlay', layers);
  }
  // nslab itself (and the node running it) may live under /tmp, e.g. a CI clone: kept visible
  // through the private /tmp (bound aside, then back, read-only: a scenario's `rm -rf /tmp/*`
  // must not reach the checkout). A second bind rather than `mount --move`, which fails in a
  // user namespace.
  input.keepUnderTmp.forEach((path, i) => add(path, `${STAGING}/keep/${i}`, 'none', 'bind,X-mount.mkdir=0700'));
  add('nslab-run', '/run', 'tmpfs', 'mode=0755');
  add('nslab-netns', '/run/netns', 'tmpfs', 'X-mount.mkdir=0755');
  add('nslab-ovs', '/run/openvswitch', 'tmpfs', 'X-mount.mkdir=0755');
  // The output of `background` commands and the practice shell's FIFOs.
  add('nslab-logs', '/run/nslab', 'tmpfs', 'X-mount.mkdir=0755');
  // /var/lock is a link to it (FHS 3.0); flock(1) users expect it to exist.
  add('nslab-lock', '/run/lock', 'tmpfs', 'mode=1777,X-mount.mkdir=0755');
  add('nslab-tmp', '/tmp', 'tmpfs', 'mode=1777');
  input.keepUnderTmp.forEach((path, i) => add(`${STAGING}/keep/${i}`, path, 'none', 'bind,ro,X-mount.mkdir=0755'));
  // The private /dev, assembled in the staging area (its directories, empty files and links made
  // beforehand: devicePreparation), then bound over the host's: the staging tmpfs and /dev/shm
  // under it are out of sight from then on, and the sandbox's own /dev/shm is mounted on top.
  for (const device of input.devices) add(`/dev/${device}`, `${DEV}/${device}`, 'none', 'bind');
  add('/dev/pts', `${DEV}/pts`, 'none', 'rbind');
  add(DEV, '/dev', 'none', 'rbind');
  add('nslab-shm', STAGING, 'tmpfs', 'mode=1777');
  // Host-wide kernel settings stay out of reach; the network namespace's own stay writable. The
  // net bind comes first so that the recursive bind carries it, and only the top is made ro.
  add('/proc/sys/net', '/proc/sys/net', 'none', 'bind');
  add('/proc/sys', '/proc/sys', 'none', 'rbind,ro');
  if (input.sysrqTrigger) add('/proc/sysrq-trigger', '/proc/sysrq-trigger', 'none', 'bind,ro');
  // sysfs shows the network namespace of whoever mounted it: without it /sys/class/net would
  // list the host's interfaces and none of the sandbox's (ip-netns(8) does the same).
  add('nslab-sys', '/sys', 'sysfs', 'defaults');
  // As /proc/sys: the namespace's own network devices stay writable (bridge settings), the rest
  // of sysfs is the whole machine's.
  add('/sys/devices/virtual/net', '/sys/devices/virtual/net', 'none', 'bind');
  // A remount (only this mount, not the one under it): mount -a takes a bind of /sys onto
  // itself for the sysfs line above, already mounted, and skips it.
  add('none', '/sys', 'none', 'remount,bind,ro');
  for (const mount of readOnlyRemounts(input.mountinfo, input.views.map((v) => v.path))) lines.push(mount);
  return lines.join('\n') + '\n';
}

/** What PID 1 makes on the staging tmpfs before the table runs (see {@link stagingPreparation}). */
export interface StagingPreparation {
  /** Directories to make (`mkdir -p`), absolute paths under {@link STAGING}. */
  dirs: string[];
  /** Empty files to make, the targets of the device binds. */
  files: string[];
  /** Files to copy, host path first, into an upper layer before its overlay is mounted. */
  copies: Array<[from: string, to: string]>;
}

/** Files of /etc a scenario edits in place, copied into the upper layer where they must be. */
const EDITED_IN_PLACE = ['hosts', 'hostname', 'resolv.conf'];

/**
 * What must be in the upper layers before the overlays are mounted (files added to an upper
 * layer under a mounted overlay are undefined behaviour: overlayfs.rst, "Changes to underlying
 * filesystems").
 *
 * In a user namespace (nslab not root), the host's root owns /etc and /var and everything in
 * them, and is not mapped there: the sandbox's root has no rights over them
 * (user_namespaces(7)), so neither creating a file in /var/lib nor opening /etc/hosts for
 * writing would work. A directory of the upper layer is the sandbox root's own and lends the
 * merged directory its owner: the directories of /etc (one level) and /var (two: /var/lib/misc)
 * are made there, and /etc/hosts, /etc/hostname and /etc/resolv.conf copied. As root only
 * /etc/resolv.conf may need a copy: a link into /run (systemd-resolved's stub-resolv.conf)
 * would dangle in the private /run.
 * @param subdirectories lists the directories in a host directory (names), empty when unreadable
 * @param isLink whether a host path is a symbolic link
 * @param devices the {@link DEVICES} the host has: each gets an empty file to be bound onto
 */
export function stagingPreparation(
  views: readonly PrivateView[],
  userNamespace: boolean,
  subdirectories: (path: string) => string[],
  isLink: (path: string) => boolean,
  devices: readonly string[] = DEVICES,
): StagingPreparation {
  const dirs: string[] = [`${DEV}/net`, `${DEV}/pts`, `${DEV}/shm`];
  const files = devices.map((d) => `${DEV}/${d}`);
  const copies: Array<[string, string]> = [];
  views.forEach((view, i) => {
    if (view.kind !== 'overlay') return;
    const upper = `${STAGING}/${i}/u`;
    const depth = !userNamespace ? 0 : view.path === '/etc' ? 1 : view.path === '/var' ? 2 : 0;
    const mirror = (relative: string, level: number): void => {
      if (level > depth) return;
      for (const name of subdirectories(view.path + relative)) {
        dirs.push(`${upper}${relative}/${name}`);
        mirror(`${relative}/${name}`, level + 1);
      }
    };
    mirror('', 1);
    if (view.path !== '/etc') return;
    const files = userNamespace ? EDITED_IN_PLACE : EDITED_IN_PLACE.filter((f) => f === 'resolv.conf' && isLink('/etc/resolv.conf'));
    for (const file of files) copies.push([`/etc/${file}`, `${upper}/${file}`]);
    if (files.length > 0) dirs.push(upper);
  });
  return { dirs, files, copies };
}

/**
 * The links of the private /dev (made by one `ln -s` per link would be a process each: PID 1
 * copies the host's, which every Linux has, with one `cp -P`).
 */
export const DEV_LINKS = ['fd', 'stdin', 'stdout', 'stderr'].map((name) => `/dev/${name}`);

/** Where the links of {@link DEV_LINKS} go. */
export const DEV_STAGING = DEV;

/**
 * The fstab lines that remount the host's other mounts read-only inside (mount namespaces are
 * copies: the host's mounts stay as they are).
 * @param mountinfo /proc/self/mountinfo text (proc(5): field 5 the mount point, field 6 its
 *   per-mount options, both as the kernel escapes them — the same octal escapes fstab uses)
 * @param privatePaths the views: mounts at or under them are hidden by the views anyway
 * @returns one `remount,bind,ro` line per mount point, keeping its other per-mount flags (in a
 *   user namespace the kernel refuses a remount that drops a locked nosuid/nodev/noexec or atime
 *   flag: mount_namespaces(7)); mounts already read-only and autofs ones are left out
 */
export function readOnlyRemounts(mountinfo: string, privatePaths: readonly string[]): string[] {
  const hidden = [...REPLACED, ...privatePaths];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-');
    if (fields.length < 7 || separator < 6) continue;
    const target = fields[4]!;
    const options = fields[5]!.split(',');
    const type = fields[separator + 1];
    if (seen.has(target) || hidden.some((p) => target === p || target.startsWith(`${p}/`))) continue;
    seen.add(target);
    // An automount point would be triggered by the remount; one already read-only needs nothing.
    if (type === 'autofs' || options.includes('ro')) continue;
    const kept = options.filter((o) => o !== 'rw');
    // mount -a ignores an entry for "/" (it takes it for the root file system, mounted at boot);
    // "/." names the same mount point.
    out.push(`none ${target === '/' ? '/.' : target} none ${['remount', 'bind', 'ro', ...kept].join(',')} 0 0`);
  }
  return out;
}

/**
 * A path as a field of fstab(5), whose fields are separated by blanks: space, tab, newline and
 * backslash written as octal escapes (`\040`), as mount(8) reads them back.
 */
export function escapeFstabField(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

function octal(mode: number): string {
  return '0' + (mode & 0o7777).toString(8);
}
