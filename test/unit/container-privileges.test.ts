import { describe, expect, it } from 'vitest';
import {
  capabilityAdvice,
  detectContainer,
  missingCapabilities,
  tunAdvice,
} from '../../src/sandbox/container-privileges.js';

/** /proc/self/status as the kernel writes it, around the CapEff line under test. */
function status(capEff: string): string {
  return [
    'Name:\tnode',
    'Umask:\t0022',
    'State:\tR (running)',
    'Uid:\t0\t0\t0\t0',
    'CapInh:\t0000000000000000',
    `CapPrm:\t${capEff}`,
    `CapEff:\t${capEff}`,
    `CapBnd:\t${capEff}`,
    'CapAmb:\t0000000000000000',
    'NoNewPrivs:\t0',
  ].join('\n');
}

/** Read inside real containers on this machine (podman 4.3, runc). */
const PODMAN_DEFAULT = '00000000800405fb'; // no NET_ADMIN, NET_RAW, SYS_ADMIN
const PODMAN_ALL_THREE = '00000000802435fb'; // --cap-add NET_ADMIN,SYS_ADMIN,NET_RAW
const PODMAN_NO_NET_RAW = '00000000802415fb'; // --cap-add NET_ADMIN,SYS_ADMIN
const HOST_ROOT = '000001ffffffffff';

const podman = { engine: 'podman' };

describe('detectContainer', () => {
  const none = { containerenv: false, dockerenv: false, env: {} };
  it('knows podman by /run/.containerenv, docker by /.dockerenv, others by container= of PID 1', () => {
    expect(detectContainer({ ...none, containerenv: true })).toEqual({ engine: 'podman' });
    expect(detectContainer({ ...none, dockerenv: true })).toEqual({ engine: 'docker' });
    expect(detectContainer({ ...none, pid1Environ: 'PATH=/bin\0container=lxc\0HOME=/' })).toEqual({ engine: 'lxc' });
    expect(detectContainer({ ...none, env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' } })).toEqual({ engine: 'kubernetes' });
  });
  it('says a host is a host: no marker, no container= (or PID 1 unreadable)', () => {
    expect(detectContainer(none)).toBeUndefined();
    expect(detectContainer({ ...none, pid1Environ: 'PATH=/bin\0TERM=linux\0' })).toBeUndefined();
    expect(detectContainer({ ...none, pid1Environ: 'container=\0' })).toBeUndefined();
  });
});

describe('missingCapabilities', () => {
  it('reads the CapEff bits of capabilities(7)', () => {
    expect(missingCapabilities(status(PODMAN_DEFAULT)).map((c) => c.name)).toEqual(['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN']);
    expect(missingCapabilities(status(PODMAN_NO_NET_RAW)).map((c) => c.name)).toEqual(['NET_RAW']);
    expect(missingCapabilities(status(PODMAN_ALL_THREE))).toEqual([]);
    expect(missingCapabilities(status(HOST_ROOT))).toEqual([]);
    // --cap-drop ALL --cap-add NET_ADMIN,SYS_ADMIN,NET_RAW: the defaults nslab relies on are gone too.
    expect(missingCapabilities(status('0000000000203000')).map((c) => c.name)).toEqual(['DAC_OVERRIDE', 'SYS_CHROOT']);
  });
  it('advises nothing when the kernel does not say (no CapEff line)', () => {
    expect(missingCapabilities('Name:\tnode\nUid:\t0\n')).toEqual([]);
  });
});

describe('capabilityAdvice', () => {
  it('names the capability, what needs it and the flag for the engine', () => {
    expect(capabilityAdvice(podman, status(PODMAN_NO_NET_RAW), true)).toBe(
      'nslab runs in a podman container without CAP_NET_RAW (ping needs it): add --cap-add NET_RAW to podman run.',
    );
    const all = capabilityAdvice({ engine: 'docker' }, status(PODMAN_DEFAULT), true)!;
    expect(all).toContain('CAP_NET_ADMIN (ip needs it');
    expect(all).toContain('CAP_SYS_ADMIN (unshare and mount');
    expect(all).toMatch(/: add --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN to docker run\.$/);
    expect(capabilityAdvice({ engine: 'lxc' }, status(PODMAN_NO_NET_RAW), true)).toMatch(/a container \(lxc\).*to podman\/docker run\./);
  });
  it("tells a Kubernetes pod where its securityContext takes capabilities", () => {
    expect(capabilityAdvice({ engine: 'kubernetes' }, status(PODMAN_NO_NET_RAW), true)).toBe(
      "nslab runs in a Kubernetes pod without CAP_NET_RAW (ping needs it): add NET_RAW to the container's " +
        'securityContext.capabilities.add, as deploy/nslab-pod.yaml does.',
    );
  });
  it('changes nothing on a host, for a non-root user, or with every capability', () => {
    expect(capabilityAdvice(undefined, status(PODMAN_DEFAULT), true)).toBeUndefined();
    expect(capabilityAdvice(podman, status(PODMAN_DEFAULT), false)).toBeUndefined();
    expect(capabilityAdvice(podman, status(PODMAN_ALL_THREE), true)).toBeUndefined();
  });
});

describe('tunAdvice', () => {
  it('names --device /dev/net/tun in a container without it, and nothing otherwise', () => {
    expect(tunAdvice(podman, false)).toBe(
      "nslab runs in a podman container without /dev/net/tun (Open vSwitch's bridges need it for their ports): " +
        'add --device /dev/net/tun to podman run.',
    );
    expect(tunAdvice({ engine: 'kubernetes' }, false)).toMatch(/hostPath volume of type CharDevice\), as deploy\/nslab-pod\.yaml does\.$/);
    expect(tunAdvice(podman, true)).toBeUndefined();
    expect(tunAdvice(undefined, false)).toBeUndefined();
  });
});
