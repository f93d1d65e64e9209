/**
 * Kernel features (issue 17, item 6): what the configuration and module index say, `requires:
 * [kernel:...]` validation, and which failed commands are the kernel's fault.
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_FEATURES, kernelFeature } from '../../src/kernel/features.js';
import { availability, type KernelFacts } from '../../src/kernel/kernel-config.js';
import { featureLackedBy, missingKernelFeatures } from '../../src/kernel/missing-features.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

function facts(config: string | undefined, loaded: string[] = [], index?: string): KernelFacts {
  return {
    config: () => (config === undefined ? undefined : { text: config, source: '/proc/config.gz' }),
    moduleLoaded: (name) => loaded.includes(name),
    moduleIndex: () => index,
  };
}

const CONFIG = ['CONFIG_BRIDGE=y', '# CONFIG_NET_SCH_NETEM is not set', 'CONFIG_VLAN_8021Q=m', 'CONFIG_VXLAN=y'].join('\n');
const netem = kernelFeature('netem')!;
const vlan = kernelFeature('vlan')!;

describe('availability', () => {
  it('reads built in, not set, and a module from the configuration and the module index', () => {
    expect(availability(kernelFeature('bridge')!, facts(CONFIG))).toEqual({ has: true, how: 'built in' });
    expect(availability(netem, facts(CONFIG))).toEqual({ has: false, source: '/proc/config.gz' });
    // =m without the module file: the kernel cannot load it.
    expect(availability(vlan, facts(CONFIG))).toEqual({ has: false, source: '/proc/config.gz' });
    expect(availability(vlan, facts(CONFIG, [], 'kernel/net/8021q/8021q.ko.xz: kernel/net/802/garp.ko.xz'))).toEqual({ has: true, how: 'module available' });
    expect(availability(vlan, facts(CONFIG, ['8021q']))).toEqual({ has: true, how: 'module loaded' });
  });

  it('says unknown when nothing is readable, so that nothing is refused on a guess', () => {
    expect(availability(netem, facts(undefined))).toEqual({ has: 'unknown' });
    expect(missingKernelFeatures(['netem'], facts(undefined))).toEqual([]);
  });

  it('aliases vlan to 8021q; every feature has a Kconfig symbol', () => {
    expect(vlan.name).toBe('8021q');
    expect(KERNEL_FEATURES.every((f) => f.config.every((s) => /^CONFIG_[A-Z0-9_]+$/.test(s)))).toBe(true);
  });
});

describe('featureLackedBy', () => {
  it('blames the kernel for an unknown qdisc or link type it lacks', () => {
    expect(featureLackedBy('ip netns exec H1 tc qdisc add dev H1-eth0 root netem delay 100ms', 'Error: Specified qdisc kind is unknown.\n', facts(CONFIG))?.feature.name).toBe('netem');
    expect(featureLackedBy('ip -n R link add link R-eth0 name R-eth0.10 type vlan id 10', 'Error: Unknown device type.\n', facts(CONFIG))?.feature.name).toBe('8021q');
  });

  it('does not blame the kernel for a feature it has, an unrelated failure, or a typo', () => {
    expect(featureLackedBy('ip link add br0 type bridge', 'Error: Unknown device type.\n', facts(CONFIG))).toBeUndefined();
    expect(featureLackedBy('ip link add v0 type vxlna id 1', 'Error: Unknown device type.\n', facts(CONFIG))).toBeUndefined();
    expect(featureLackedBy('tc qdisc add dev eth0 root netem delay 100ms', 'Cannot find device "eth0"\n', facts(CONFIG))).toBeUndefined();
  });
});

describe('requires: [kernel:NAME]', () => {
  const parse = (requires: string) => parseScenario(`---\ntitle: K\nrequires: ${requires}\n---\n## One\n\`\`\`sh\ntrue\n\`\`\`\n`, 'k.md');

  it('keeps programs and kernel features apart', () => {
    const parsed = parse('[ip, tc, kernel:netem, kernel:vlan]');
    expect(parsed.ok && parsed.scenario.meta.requires).toEqual(['ip', 'tc']);
    expect(parsed.ok && parsed.scenario.meta.kernel).toEqual(['netem', '8021q']);
  });

  it('rejects an unknown feature with the closest known name, at the line of requires', () => {
    const parsed = parse('[ip, kernel:netme]');
    expect(parsed.ok).toBe(false);
    const problem = !parsed.ok ? parsed.problems[0] : undefined;
    expect(problem?.line).toBe(3);
    expect(problem?.message).toMatch(/^front matter: unknown kernel feature "netme" in "requires"; did you mean "kernel:netem"\? \(known: veth, bridge, 8021q/);
  });
});
