/**
 * Finds the end-of-command marker in a shell's output stream.
 *
 * The shell session ends every command with `printf '%s:%d\n' "__NSLAB_<nonce>" "$?"`, so the
 * stream carries `__NSLAB_<nonce>:<status>\n` right after the command's own output (which may
 * not end with a newline). The colon only appears in printf's output, never in the command
 * text, so an xtrace (`set -x`) echo of the protocol line cannot be mistaken for the marker.
 */

/** What one `push` yields. */
export interface ScanResult {
  /** Bytes that are certainly command output (safe to stream now). */
  output: Buffer;
  /** Set when the marker was complete: the status it carried and the bytes after it. */
  done?: { status: number; rest: Buffer };
}

/** Incremental scanner for one marker; holds back a tail that could be a partial marker. */
export class MarkerScanner {
  private readonly prefix: Buffer;
  private held: Buffer = Buffer.alloc(0);

  /** @param marker the marker word, e.g. `__NSLAB_3f9a…` (without colon). */
  constructor(marker: string) {
    this.prefix = Buffer.from(`${marker}:`);
  }

  /**
   * Feeds a chunk.
   * @returns the output that is safe to emit and, once found, the marker's status.
   */
  push(chunk: Buffer): ScanResult {
    const buf = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const at = buf.indexOf(this.prefix);
    if (at >= 0) {
      const newline = buf.indexOf(0x0a, at + this.prefix.length);
      if (newline < 0) {
        this.held = buf.subarray(at); // the status digits are still on their way
        return { output: buf.subarray(0, at) };
      }
      const status = Number(buf.subarray(at + this.prefix.length, newline).toString('latin1'));
      this.held = Buffer.alloc(0);
      return { output: buf.subarray(0, at), done: { status, rest: buf.subarray(newline + 1) } };
    }
    const keep = this.partialPrefixLength(buf);
    this.held = buf.subarray(buf.length - keep);
    return { output: buf.subarray(0, buf.length - keep) };
  }

  /** Returns and forgets the held-back bytes (when the stream ended without a marker). */
  flush(): Buffer {
    const held = this.held;
    this.held = Buffer.alloc(0);
    return held;
  }

  /** Length of the longest suffix of `buf` that is a proper prefix of the marker. */
  private partialPrefixLength(buf: Buffer): number {
    const max = Math.min(buf.length, this.prefix.length - 1);
    for (let len = max; len > 0; len--) {
      if (buf.subarray(buf.length - len).equals(this.prefix.subarray(0, len))) return len;
    }
    return 0;
  }
}
