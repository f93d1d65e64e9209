/** `namespace NAME exists|is absent` and `sysctl KEY = VALUE`. */
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';

/**
 * `namespace NAME exists|is absent`. Namespaces are those `ip netns list` shows (the check's own namespace prefix is irrelevant:
 * the list is global to the sandbox).
 */
export const evaluateNamespace: Evaluator<'namespace'> = async (p, _ns, reader) => {
  const read = await reader.namespaces();
  if (isFailure(read)) return failedRead(read);
  const exists = read.value.includes(p.name);
  if (exists) return { passed: p.present, found: `namespace ${p.name} exists` };
  const others = read.value.length > 0 ? `namespaces: ${[...read.value].sort().join(', ')}` : 'there are no namespaces';
  return { passed: !p.present, found: `namespace ${p.name} is absent; ${others}` };
};

/** `sysctl KEY = VALUE`: string comparison after trimming both sides; read in the check's namespace. */
export const evaluateSysctl: Evaluator<'sysctl'> = async (p, ns, reader) => {
  const read = await reader.sysctl(ns, p.key);
  if (isFailure(read)) {
    if (read.reason === 'no-such-namespace') return failedRead(read);
    return { passed: false, found: `cannot read ${p.key}: ${read.message}` };
  }
  return { passed: read.value === p.value.trim(), found: `${p.key} = ${read.value}` };
};
