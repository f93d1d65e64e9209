/**
 * The two ways to build the container image make the same image: scripts/build-image (no
 * registry) and the Containerfile (Docker Hub's node image). Both take their packages from
 * scripts/install-system-packages.sh and hold no list of their own, use the same dpkg excludes
 * and the same staging script, and give the image the same settings.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const buildImage = readFileSync(join(ROOT, 'scripts/build-image'), 'utf8');
const containerfile = readFileSync(join(ROOT, 'Containerfile'), 'utf8');

/** A file's text without its comments (whole-line `#` comments and trailing ones). */
function code(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .map((l) => l.replace(/\s#\s.*$/, ''))
    .join('\n');
}

/** The packages the install script prints with the given options. */
function printed(...options: string[]): string[] {
  return execFileSync('bash', [join(ROOT, 'scripts/install-system-packages.sh'), '--print', ...options], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('install-system-packages.sh --print', () => {
  it('prints the packages of its list, and the extra tools with their options, installing nothing', () => {
    const script = readFileSync(join(ROOT, 'scripts/install-system-packages.sh'), 'utf8');
    const array = /^packages=\(\n([\s\S]*?)^\)/m.exec(script)![1]!;
    const listed = array.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    expect(printed()).toEqual(listed);
    expect(printed('--with-container-tools')).toEqual([...listed, 'podman', 'mmdebstrap', 'runc', 'catatonit']);
  });
});

describe('scripts/build-image and the Containerfile', () => {
  it('take the packages from the install script, and neither names one of them itself', () => {
    expect(code(buildImage)).toMatch(/install-system-packages\.sh --print/);
    expect(code(containerfile)).toMatch(/^COPY scripts\/install-system-packages\.sh \/tmp\/$/m);
    expect(code(containerfile)).toMatch(/^RUN bash \/tmp\/install-system-packages\.sh /m);
    for (const name of printed()) {
      const word = new RegExp(`(^|[\\s,="'])${name.replace(/[.+]/g, '\\$&')}($|[\\s,="'])`, 'm');
      expect(code(buildImage), `build-image names ${name}`).not.toMatch(word);
      expect(code(containerfile), `Containerfile names ${name}`).not.toMatch(word);
    }
  });

  it('use the same dpkg excludes and the same staging of nslab', () => {
    for (const text of [buildImage, containerfile]) {
      expect(code(text)).toContain('scripts/image/dpkg-excludes.cfg');
      expect(code(text)).toMatch(/scripts\/image\/stage-nslab "?\S*\/opt\/nslab/);
    }
  });

  it('give the image the same settings: entrypoint, command, state volume, working directory', () => {
    const changes = [...buildImage.matchAll(/--change '([^']+)'/g)].map((m) => m[1]!);
    // The node image sets PATH itself; podman import starts from none.
    const settings = changes.filter((c) => !c.startsWith('ENV PATH='));
    expect(settings).toEqual(expect.arrayContaining(['ENV XDG_STATE_HOME=/var/lib/nslab', 'VOLUME /var/lib/nslab', 'ENTRYPOINT ["nslab"]']));
    for (const setting of settings) expect(containerfile.split('\n'), setting).toContain(setting);
    const containerfileSettings = containerfile.split('\n').filter((l) => /^(ENV|VOLUME|WORKDIR|ENTRYPOINT|CMD) /.test(l));
    expect(containerfileSettings.filter((l) => l !== 'WORKDIR /src')).toEqual(settings);
  });

  it('build on Node.js 20 both', () => {
    expect(code(containerfile).match(/^FROM \S+/gm)).toEqual(['FROM node:20-bookworm-slim', 'FROM node:20-bookworm-slim']);
    expect(code(buildImage)).toContain('case "$node_version" in 20.*)');
    expect(code(buildImage)).toMatch(/\bbookworm\b/);
  });
});
