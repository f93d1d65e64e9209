/**
 * Validating the interface and namespace names written in checks, before anything runs.
 *
 * Why at parse time: these names reach commands nslab builds itself (`ip -n NS ...`,
 * `ip netns exec NS ping ...`, `ovs-vsctl list-ports BR`). Those are argument arrays, never
 * shell text, so a name cannot inject a command; but a name the kernel or iproute2 would refuse
 * can only fail at run time with an obscure message, so `lint` and `run` reject it up front with
 * its line and column.
 */

/** Longest interface name: IFNAMSIZ (16) minus the terminating NUL. */
export const MAX_IFNAME_BYTES = 15;

/** Longest namespace name: iproute2 allows NAME_MAX (255) bytes, a file name in /run/netns. */
export const MAX_NETNS_BYTES = 255;

/** Control characters (NUL included) cannot be passed in argv or shown usefully in a message. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks an interface (or bridge) name against the kernel's dev_valid_name(): not empty, not
 * `.` or `..`, at most 15 bytes, no `/`, `:` or whitespace (and no control characters).
 * @returns undefined when valid, else a message.
 */
export function ifnameProblem(name: string): string | undefined {
  if (name === '') return 'an interface name cannot be empty';
  if (Buffer.byteLength(name) > MAX_IFNAME_BYTES) return `interface name "${shown(name)}" is longer than 15 characters, the Linux limit`;
  if (name === '.' || name === '..' || /[/\s:]/.test(name) || CONTROL.test(name)) {
    return `"${shown(name)}" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)`;
  }
  return undefined;
}

/**
 * Checks a network namespace name as iproute2 accepts it (`ip netns add`, lib/namespace.c):
 * not empty, not `.` or `..`, no `/`, at most 255 bytes; also no control characters or blanks
 * (no tutorial needs them and they would garble messages) and no leading `-` (iproute2 would
 * read it as an option, e.g. `ip netns exec -all` runs in every namespace).
 * @returns undefined when valid, else a message.
 */
export function namespaceNameProblem(name: string): string | undefined {
  if (name === '') return 'a namespace name cannot be empty';
  if (Buffer.byteLength(name) > MAX_NETNS_BYTES) return `namespace name "${shown(name)}" is longer than ${MAX_NETNS_BYTES} bytes`;
  if (name === '.' || name === '..' || /[/\s]/.test(name) || CONTROL.test(name) || name.startsWith('-')) {
    return `"${shown(name)}" is not a valid namespace name (no "/", blanks or leading "-"; not "." or "..")`;
  }
  return undefined;
}

/** A name for a message: control characters escaped, very long names cut. */
function shown(name: string): string {
  const safe = name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length > 40 ? `${safe.slice(0, 40)}...` : safe;
}
