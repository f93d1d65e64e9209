import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepCommands } from '../../src/run/step-commands.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { verificationOf } from '../../src/verify/verify-step.js';

const DIR = join(import.meta.dirname, '../../scenarios');
const lessons = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

describe('hints in the bundled lessons', () => {
  it.each(lessons)('%s: every step with something to verify or to do has a written hint', (file) => {
    const parsed = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file} does not parse`);
    const without = parsed.scenario.steps
      .filter((s) => verificationOf(s) !== 'reading' || stepCommands(s).length > 0)
      .filter((s) => s.hints.length === 0)
      .map((s) => `${s.number} ${s.title}`);
    expect(without).toEqual([]);
  });

  it('every lesson has hints for where students get stuck: lo left down, an end moved but not up, the gateway off-subnet, the classful /8, forwarding, a port not attached', () => {
    const all = lessons.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    const hints = all.split('\n').filter((l) => l.startsWith('>')).join(' ');
    expect(hints).toMatch(/loopback[^.]*down/);
    expect(hints).toMatch(/moved into a namespace (arrives|starts) down/);
    expect(hints).toMatch(/Nexthop has invalid gateway/);
    expect(hints).toMatch(/Without `netmask`, `ifconfig` takes the prefix from the address's old class/);
    expect(hints).toMatch(/ip_forward/);
    expect(hints).toMatch(/attached but down forwards nothing/);
  });
});
