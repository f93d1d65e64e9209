import { describe, expect, it } from 'vitest';
import { runOpensSandbox } from '../../src/cli/early-sandbox.js';

describe('runOpensSandbox: which command lines `main` opens a private sandbox for, before parsing', () => {
  it.each([
    ['run', 'scenarios/l3-router.md'],
    ['run', '--yes', 'x.md'],
    ['run', '-y', 'x.md', '--report', 'r.json'],
    ['run', 'x.md', '--from=3', '--to', 'ping', '--no-color'],
    ['run', '--step', '2', '--show-changes', '--show-topology', '--student', 'ana', 'x.md'],
    ['run', '--demo', '--typing-speed', '0', 'x.md'],
  ])('%s … opens one', (...argv) => {
    expect(runOpensSandbox(argv)).toBe(true);
  });

  it.each([
    [],
    ['lint', 'x.md'],
    ['--no-color', 'run', 'x.md'],
    ['run'],
    ['run', '--host', 'x.md'],
    ['run', '--dry-run', 'x.md'],
    ['run', 'x.md', '--help'],
    ['run', '-h', 'x.md'],
    ['run', 'x.md', 'y.md'],
    ['run', 'x.md', '--report'],
    ['run', 'x.md', '--yess'],
    ['run', 'x.md', '--host=1'],
    ['run', '-yh', 'x.md'],
  ])('%s … opens none', (...argv) => {
    expect(runOpensSandbox(argv)).toBe(false);
  });

  it('takes an option value that looks like a file as the value, not as a second file', () => {
    expect(runOpensSandbox(['run', '--report', 'out.md', 'x.md'])).toBe(true);
    expect(runOpensSandbox(['run', '--student', 'x.md'])).toBe(false);
  });
});
