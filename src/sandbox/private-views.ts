/**
 * Which host directories get a private copy-on-write view in the sandbox (see
 * filesystem-view.ts): the places a scenario or a daemon with default paths writes to.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import type { PrivateView } from './filesystem-view.js';

/** Always given a view: configuration, and daemons' state, logs, caches and leases (FHS 3.0). */
const SYSTEM = ['/etc', '/var'];
/** Replaced by fresh tmpfs (filesystem-view.ts): a home under them is private already. */
const FRESH = ['/run', '/tmp', '/dev', '/proc', '/sys'];

/** What {@link privateViews} reads about the user; process.env and the host by default. */
export interface ViewsContext {
  /** Whether nslab runs as root (no user namespace). */
  root: boolean;
  env: NodeJS.ProcessEnv;
  /** The passwd(5) text, for SUDO_USER's home. */
  passwd: () => string;
  /** Permission bits of a directory, or undefined when it is not one or cannot be read. */
  directoryMode: (path: string) => number | undefined;
}

/**
 * The views, in mount order: /etc, /var, /root, then the invoking user's home (HOME, and under
 * sudo SUDO_USER's home from passwd(5)) when it is not under one of those or a fresh tmpfs.
 * /root that the sandbox cannot read (a non-root user's user namespace) gets an empty tmpfs: it
 * was out of reach anyway, and /root/FILE then works inside. A path overlayfs cannot take in
 * its lowerdir option (`,` `:` `\` or a blank in it) gets no view and stays read-only.
 */
export function privateViews(context: ViewsContext = hostContext()): PrivateView[] {
  const views: PrivateView[] = [];
  for (const path of SYSTEM) {
    const mode = context.directoryMode(path);
    if (mode !== undefined) views.push({ path, kind: 'overlay', mode });
  }
  const rootMode = context.directoryMode('/root');
  views.push(rootMode === undefined ? { path: '/root', kind: 'tmpfs', mode: 0o700 } : { path: '/root', kind: 'overlay', mode: rootMode });
  const homes = [context.env.HOME, sudoHome(context)].filter((h): h is string => h !== undefined && h.startsWith('/'));
  for (const home of new Set(homes.map((h) => h.replace(/\/+$/, '')))) {
    const covered = [...FRESH, ...views.map((v) => v.path)].some((p) => home === p || home.startsWith(`${p}/`));
    if (home === '' || covered || /[,:\\\s]/.test(home)) continue;
    const mode = context.directoryMode(home);
    if (mode !== undefined) views.push({ path: home, kind: 'overlay', mode });
  }
  return views;
}

function sudoHome(context: ViewsContext): string | undefined {
  const user = context.env.SUDO_USER;
  if (!context.root || !user) return undefined;
  for (const line of context.passwd().split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user) return fields[5];
  }
  return undefined;
}

function hostContext(): ViewsContext {
  return {
    root: process.getuid?.() === 0,
    env: process.env,
    passwd: () => {
      try {
        return readFileSync('/etc/passwd', 'utf8');
      } catch {
        return '';
      }
    },
    directoryMode: (path) => {
      try {
        const stat = statSync(path);
        // overlayfs looks its lower directory up with the mounter's rights: one it cannot enter
        // fails the whole mount.
        accessSync(path, constants.R_OK | constants.X_OK);
        return stat.isDirectory() ? stat.mode & 0o7777 : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
