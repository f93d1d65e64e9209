/**
 * Kernel features a run needs and the kernel lacks: named before step 1 from `requires`
 * (`kernel:netem`), or recognised in a command that failed mid-run because of one ("Specified
 * qdisc kind is unknown", "Unknown device type"). Either is the machine's problem, not the
 * step's: exit 3 with what is missing and how to get it.
 */
import { release } from 'node:os';
import { EnvironmentError } from '../util/errors.js';
import { featureOfLinkKind, featureOfQdisc, kernelFeature, type KernelFeature } from './features.js';
import { availability, machineKernelFacts, type KernelFacts } from './kernel-config.js';

/** A feature the kernel lacks, and the file that says so (undefined when only the command's error does). */
export interface MissingFeature {
  feature: KernelFeature;
  source?: string;
}

/**
 * The features of `names` the kernel does not have. A feature whose presence cannot be read
 * (no configuration, no module index) is not reported: the run then finds out when it uses it.
 * @param names feature names as validated from `requires` (known names only)
 */
export function missingKernelFeatures(names: readonly string[], facts: KernelFacts = machineKernelFacts()): MissingFeature[] {
  const missing: MissingFeature[] = [];
  for (const name of names) {
    const feature = kernelFeature(name);
    if (!feature) continue;
    const has = availability(feature, facts);
    if (has.has === false) missing.push({ feature, source: has.source });
  }
  return missing;
}

/** One line per missing feature: what it is, the file that says so, and how to get it. */
export function describeMissing(missing: readonly MissingFeature[]): string {
  const lines = missing.map(({ feature, source }) => {
    const symbol = feature.config[0];
    const said = source ? `${source} says ${symbol} is not set` : `the kernel refused it`;
    return `  ${feature.name}: ${feature.what} (${said})`;
  });
  const modules = missing.map((m) => m.feature.module).filter((m): m is string => m !== undefined);
  const symbols = missing.map((m) => m.feature.config[0]);
  return (
    `${lines.join('\n')}\n` +
    `The running kernel (${release()}) does not have ${missing.length === 1 ? 'it' : 'them'}, and nslab does not load kernel modules. ` +
    `On a kernel that has ${missing.length === 1 ? 'it as a module' : 'them as modules'}, load ${missing.length === 1 ? 'it' : 'them'} on the host first ` +
    `(sudo modprobe ${modules.join(' ')}); otherwise use a kernel built with ${symbols.join(', ')} (most distribution kernels are).`
  );
}

/**
 * Throws when the kernel lacks a feature the scenario names in `requires`.
 * @param file the scenario file, for the message
 * @throws EnvironmentError naming each missing feature and how to get it
 */
export function assertKernelFeatures(file: string, names: readonly string[], facts?: KernelFacts): void {
  const missing = missingKernelFeatures(names, facts);
  if (missing.length === 0) return;
  throw new EnvironmentError(`${file}: kernel features this scenario needs are missing:\n${describeMissing(missing)}`);
}

/** What iproute2 and tc print when the kernel has no such link type or qdisc (ip-link(8), tc(8)). */
const REFUSALS = /Unknown device type|Specified qdisc kind is unknown|Unknown qdisc|RTNETLINK answers: Operation not supported|Error: Unknown device type/;

/**
 * The kernel feature a command asks for by name: `ip ... link add ... type KIND`, `tc qdisc ...
 * KIND`, `ip tuntap`.
 * @param words the command's words (split at white space: the names sought are plain words)
 */
export function featureAskedFor(words: readonly string[]): KernelFeature | undefined {
  const link = words.indexOf('link');
  if (link >= 0 && words.slice(link + 1).some((w) => w === 'add' || w === 'a')) {
    const type = words.indexOf('type', link);
    const kind = type >= 0 ? words[type + 1] : undefined;
    if (kind !== undefined) return featureOfLinkKind(kind);
  }
  if (words.includes('tuntap')) return kernelFeature('tun');
  if (words.includes('tc') && words.includes('qdisc')) {
    for (const w of words) {
      const feature = featureOfQdisc(w);
      if (feature) return feature;
    }
  }
  return undefined;
}

/**
 * Recognises a command that failed because the kernel lacks a feature: the command names a link
 * type or qdisc, its output carries the kernel's refusal, and the kernel's configuration does not
 * say it has the feature (when it says so, the refusal has another cause, e.g. a typo).
 * @param command the command as run
 * @param output what it printed (stdout and stderr)
 * @returns the missing feature, or undefined when the failure is not the kernel's
 */
export function featureLackedBy(command: string, output: string, facts: KernelFacts = machineKernelFacts()): MissingFeature | undefined {
  if (!REFUSALS.test(output)) return undefined;
  const feature = featureAskedFor(command.split(/\s+/));
  if (!feature) return undefined;
  const has = availability(feature, facts);
  if (has.has === true) return undefined;
  return { feature, ...(has.has === false && { source: has.source }) };
}
