/**
 * The packets of a capture file, as `tcpdump -n -r FILE` prints them, one line each
 * (`12:00:00.000000 IP 10.0.1.2 > 10.0.2.2: ICMP echo request, id 7, seq 1, length 64`).
 *
 * A capture that a running tcpdump is still writing is often cut inside a packet (tcpdump
 * buffers its writes unless given `-U`), or has no file header yet. tcpdump 4.99 (Debian 12)
 * then prints `truncated dump file` on stderr — after the packets it could read — and exits 1;
 * other versions exit 0. The message, not the exit status, is what tells.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** A capture as read. */
export interface CaptureRead {
  /** One line per packet read. */
  packets: string[];
  /**
   * Where the file is cut, if it is: `header` = not even a complete file header (tcpdump has
   * written nothing yet, or the file is no capture), `packet` = inside a packet; `none` = whole.
   */
  cut: 'none' | 'header' | 'packet';
}

/**
 * Reads a capture file.
 * @param exec runs `[ip netns exec NS] tcpdump -n -r FILE` (no name lookups: addresses stay numeric).
 * @param ns namespace to read it from; undefined = root namespace.
 * @param file absolute path of a pcap or pcapng file.
 * @returns the packet lines and whether the file is truncated; failed with a sentence when the
 *   file does not exist, or tcpdump's message when it is not a capture (output past 1 MiB is
 *   cut in the middle, see CappedOutput).
 */
export async function readCapture(exec: Exec, ns: string | undefined, file: string): Promise<StateResult<CaptureRead>> {
  const result = await exec(inNamespace(ns, ['tcpdump', '-n', '-r', file]), { timeoutMs: READ_TIMEOUT_MS });
  // `truncated dump file; tried to read 4 file header bytes, only got 0` vs `pcap_loop: truncated dump file; ...`.
  const truncated = /truncated dump file(.*)/.exec(result.output);
  const cut = truncated === null ? 'none' : /file header/.test(truncated[1]!) ? 'header' : 'packet';
  const packets = (result.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  if (result.exitCode === 0 || (truncated && !result.timedOut)) return { ok: true, value: { packets, cut } };
  if (/No such file or directory/.test(result.output) && !/Cannot open network namespace/.test(result.output)) {
    return { ok: false, reason: 'failed', message: `capture ${file} does not exist` };
  }
  return failureOf(result, ns);
}
