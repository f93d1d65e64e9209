import { describe, expect, it } from 'vitest';
import { runCollected, shellQuote } from '../../src/util/child-process.js';

describe('child processes', () => {
  it('a quoted word reaches the program exactly as given', async () => {
    for (const word of ["it's", 'a b', '$HOME `id` $(id)', "'", "\\'\n\"", '']) {
      const ended = await runCollected('sh', ['-c', `printf %s ${shellQuote(word)}`]);
      expect(ended.stdout).toBe(word);
    }
  });

  it('feeds stdin and collects both outputs and the exit status', async () => {
    const ended = await runCollected('sh', ['-c', 'cat; echo oops >&2; exit 3'], 'héllo\n');
    expect(ended).toEqual({ code: 3, stdout: 'héllo\n', stderr: 'oops\n' });
  });

  it('a program that does not read its input is no error', async () => {
    const ended = await runCollected('true', [], 'x'.repeat(1 << 20));
    expect(ended.code).toBe(0);
  });

  it('a missing program resolves with the error, never rejects', async () => {
    const ended = await runCollected('/nonexistent/nslab-no-such-program', []);
    expect(ended.error?.code).toBe('ENOENT');
    expect(ended.code).toBeNull();
  });
});
