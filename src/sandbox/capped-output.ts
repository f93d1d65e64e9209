/**
 * Keeps a command's output for its result without letting a chatty command eat memory:
 * the first and last halves of the cap are kept, the middle is replaced by a note.
 */

/** Default cap on the output kept per command: 1 MiB. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;

/**
 * Collects raw output bytes up to a cap.
 * Usage: `push()` every chunk, `text()` at the end.
 */
export class CappedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private cutBytes = 0;

  /** @param capBytes most bytes kept (head + tail), default {@link OUTPUT_CAP_BYTES}. */
  constructor(private readonly capBytes: number = OUTPUT_CAP_BYTES) {}

  /** Adds a chunk (bytes as they arrived). */
  push(chunk: Buffer): void {
    const headRoom = Math.floor(this.capBytes / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailCap = this.capBytes - Math.floor(this.capBytes / 2);
    // Drop whole chunks from the front, then trim the first one, so the tail stays ≤ tailCap.
    while (this.tailBytes > tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.cutBytes += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.cutBytes += excess;
      }
    }
  }

  /** Bytes dropped from the middle so far. */
  get cut(): number {
    return this.cutBytes;
  }

  /**
   * The kept output as UTF-8 text; when bytes were dropped, a line
   * `[... N bytes cut ...]` stands in their place.
   */
  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (this.cutBytes === 0) return head + tail;
    return `${head}\n[... ${this.cutBytes} bytes cut ...]\n${tail}`;
  }
}
