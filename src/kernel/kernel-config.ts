/**
 * What the running kernel was built with, read without changing anything: its configuration
 * (/proc/config.gz, CONFIG_IKCONFIG_PROC; else /boot/config-RELEASE as Debian installs it), the
 * modules already loaded (/sys/module/NAME) and those it could load (modules.dep and
 * modules.builtin under /lib/modules/RELEASE, modprobe(8)). Nothing is probed by creating a
 * device: that would make the kernel load modules on the host (request_module), a change to the
 * machine a check must not make.
 */
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import type { KernelFeature } from './features.js';

/** Whether the kernel has a feature, and how nslab knows. */
export type Availability =
  | { has: true; how: 'built in' | 'module loaded' | 'module available' }
  | { has: false; source: string }
  | { has: 'unknown' };

/** Where the facts come from: the real files by default, others in tests. */
export interface KernelFacts {
  /** The kernel's configuration text, or undefined when none is readable. */
  config(): { text: string; source: string } | undefined;
  /** Whether /sys/module/NAME exists. */
  moduleLoaded(name: string): boolean;
  /** modules.dep + modules.builtin text, or undefined when /lib/modules/RELEASE is absent. */
  moduleIndex(): string | undefined;
}

function tryRead(path: string, gz = false): string | undefined {
  try {
    const data = readFileSync(path);
    return (gz ? gunzipSync(data) : data).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The running machine's facts, each file read at most once. */
export function machineKernelFacts(): KernelFacts {
  const dir = `/lib/modules/${release()}`;
  let config: { text: string; source: string } | undefined | null = null;
  let index: string | undefined | null = null;
  return {
    config() {
      if (config === null) {
        const proc = tryRead('/proc/config.gz', true);
        const boot = proc === undefined ? tryRead(`/boot/config-${release()}`) : undefined;
        config = proc !== undefined ? { text: proc, source: '/proc/config.gz' } : boot !== undefined ? { text: boot, source: `/boot/config-${release()}` } : undefined;
      }
      return config;
    },
    moduleLoaded: (name) => existsSync(`/sys/module/${name}`),
    moduleIndex() {
      if (index === null) {
        const parts = [tryRead(`${dir}/modules.dep`), tryRead(`${dir}/modules.builtin`)].filter((t): t is string => t !== undefined);
        index = parts.length > 0 ? parts.join('\n') : undefined;
      }
      return index;
    },
  };
}

/** A Kconfig symbol's value in a config text: `y`, `m`, or undefined (`# ... is not set`, absent). */
function symbolValue(text: string, symbol: string): string | undefined {
  const match = new RegExp(`^${symbol}=(\\S+)$`, 'm').exec(text);
  return match?.[1];
}

/**
 * Whether the kernel has a feature.
 * @returns built in or a module (loaded, or listed in modules.dep/modules.builtin); not, with the
 *   file that says so; `unknown` when neither the configuration nor a module index is readable
 */
export function availability(feature: KernelFeature, facts: KernelFacts = machineKernelFacts()): Availability {
  if (feature.module !== undefined && facts.moduleLoaded(feature.module)) return { has: true, how: 'module loaded' };
  const config = facts.config();
  const values = config ? feature.config.map((s) => symbolValue(config.text, s)) : [];
  if (values.includes('y')) return { has: true, how: 'built in' };
  const index = facts.moduleIndex();
  // modules.dep lines start "kernel/net/sched/sch_netem.ko[.xz|.zst]:"; modules.builtin lists paths too.
  const listed = feature.module !== undefined && index !== undefined && new RegExp(`/${feature.module.replace(/[-_]/g, '[-_]')}\\.ko`).test(index);
  if (listed) return { has: true, how: 'module available' };
  if (config) return { has: false, source: config.source };
  if (index !== undefined) return { has: false, source: `/lib/modules/${release()}` };
  return { has: 'unknown' };
}
