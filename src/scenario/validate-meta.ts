/**
 * Turning the front matter's YAML data into a `ScenarioMeta`, with one problem per wrong key.
 */
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../util/duration.js';
import { closest, didYouMean } from '../util/closest.js';
import type { ScenarioMeta, ServiceName } from './model.js';
import type { LocalProblem } from './problem.js';
import { KERNEL_FEATURES, KERNEL_PREFIX, kernelFeature } from '../kernel/features.js';

/** The keys a scenario's front matter may have, in the order the docs list them. */
export const META_KEYS = ['title', 'description', 'requires', 'services', 'timeout', 'cleanup'] as const;

/** Services a scenario may ask for. */
export const SERVICE_NAMES: readonly ServiceName[] = ['openvswitch'];

/** Default per-command limit when the front matter has no `timeout`, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How a value looks in a message: strings quoted, everything else as YAML would show it. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return cut(JSON.stringify(value));
  // YAML turns some unquoted words into other types, which the author never meant to write:
  // say so, or "got true" reads as if true were the wrong text.
  if (typeof value === 'boolean') return `${value}, which YAML reads as a boolean (in quotes, "${value}" is text)`;
  if (value instanceof Date) return `${value.toISOString().slice(0, 10)}, which YAML reads as a date (in quotes it is text)`;
  if (typeof value === 'object') return cut(JSON.stringify(value));
  return cut(String(value));
}

/** A value shown in a message stays readable: a 10,000-item list is cut, not printed. */
function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * Validates front matter data.
 * @param data what the YAML parser returned (any shape).
 * @param keyLine maps a key to the 1-based file line where it is written (for locating problems).
 * @returns the meta when every key is valid and `title` is present, and the problems found
 *   (rule `front-matter`, all errors, each message starting with `front matter:`).
 */
export function validateMeta(
  data: unknown,
  keyLine: (key: string) => number,
): { meta?: ScenarioMeta; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const fail = (key: string, message: string): void => {
    problems.push({ line: keyLine(key), column: 1, rule: 'front-matter', message: `front matter: ${message}` });
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail('', `must be a mapping of keys such as "title: ...", got ${showValue(data)}`);
    return { problems };
  }
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!(META_KEYS as readonly string[]).includes(key)) {
      const hint = didYouMean(key, META_KEYS) || ` (allowed: ${META_KEYS.join(', ')})`;
      fail(key, `unknown key "${key}"${hint}`);
    }
  }
  const meta: ScenarioMeta = { title: '', requires: [], kernel: [], services: [], timeoutMs: DEFAULT_TIMEOUT_MS };
  if (d.title === undefined) fail('title', '"title" is required');
  else if (typeof d.title !== 'string' || d.title.trim() === '') {
    fail('title', `"title" must be a non-empty string, got ${showValue(d.title)}`);
  } else meta.title = d.title;

  if (d.description !== undefined) {
    if (typeof d.description !== 'string') fail('description', `"description" must be a string, got ${showValue(d.description)}`);
    else meta.description = d.description;
  }
  const requires = stringList(d.requires);
  if (requires === undefined || requires.some((p) => p === '' || /\s/.test(p))) {
    fail('requires', `"requires" must be a list of program names such as [ip, ping], got ${showValue(d.requires)}${asList(d.requires)}`);
  } else {
    for (const entry of requires) {
      if (!entry.startsWith(KERNEL_PREFIX)) {
        meta.requires.push(entry);
        continue;
      }
      const name = entry.slice(KERNEL_PREFIX.length);
      const feature = kernelFeature(name);
      if (feature) meta.kernel.push(feature.name);
      else {
        const known = KERNEL_FEATURES.map((f) => f.name);
        const near = closest(name, known);
        fail('requires', `unknown kernel feature "${name}" in "requires"${near ? `; did you mean "kernel:${near}"?` : ''} (known: ${known.join(', ')})`);
      }
    }
  }

  const services = stringList(d.services);
  if (services === undefined) {
    fail('services', `"services" must be a list such as [openvswitch], got ${showValue(d.services)}${asList(d.services)}`);
  } else {
    for (const s of services) {
      if ((SERVICE_NAMES as readonly string[]).includes(s)) meta.services.push(s as ServiceName);
      else {
        const near = closest(s, SERVICE_NAMES);
        const hint = near ? `; did you mean "${near}"?` : ` (available: ${SERVICE_NAMES.join(', ')})`;
        fail('services', `unknown service "${s}" in "services"${hint}`);
      }
    }
  }
  if (d.timeout !== undefined) {
    const ms = typeof d.timeout === 'string' ? parseDuration(d.timeout) : undefined;
    if (ms === undefined || ms <= 0) fail('timeout', `"timeout" must be a duration such as 10s, got ${showValue(d.timeout)}`);
    else if (ms > MAX_DURATION_MS) fail('timeout', `"timeout" must be at most ${MAX_DURATION_TEXT}, got ${showValue(d.timeout)}`);
    else meta.timeoutMs = ms;
  }
  if (d.cleanup !== undefined) {
    if (typeof d.cleanup !== 'string') fail('cleanup', `"cleanup" must be a shell script (a string), got ${showValue(d.cleanup)}`);
    else {
      meta.cleanup = d.cleanup;
      meta.cleanupLine = keyLine('cleanup');
    }
  }
  return problems.length === 0 ? { meta, problems } : { problems };
}

/**
 * A list of strings, absent as empty; else undefined. A lone string is not taken as a
 * one-element list: it is as often a list written wrong (`requires: ip, ping` is the one
 * string "ip, ping"), and accepting one spelling, the list the docs show, keeps that visible.
 */
function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/** For a string where a list belongs, how to write it as a list: `; write [ip, ping]`; else ''. */
function asList(value: unknown): string {
  if (typeof value !== 'string') return '';
  const items = value.split(/[\s,[\]]+/).filter((w) => w !== '');
  return items.length === 0 ? '' : `; write [${items.join(', ')}]`;
}
