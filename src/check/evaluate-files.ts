/**
 * `file PATH contains|lacks "TEXT"` and `capture FILE shows "TEXT" [N times]`: what a
 * background server logged, what a capture saw. Both read the file inside the sandbox (its
 * private /tmp), in the check's namespace.
 */
import type { CaptureRead } from '../state/read-capture.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';

/** How many packet lines a `capture` found-text shows. */
const SHOWN_PACKETS = 3;

/**
 * `file PATH contains "TEXT"`: some line of the file contains TEXT (case-sensitive);
 * `lacks "TEXT"`: the file exists and no line does — a log that was never written is a
 * failure, not a clean log. found: the matching line, `file is absent`, or its last lines.
 */
export const evaluateFileText: Evaluator<'file-text'> = async (p, ns, reader) => {
  const read = await reader.fileSearch(ns, p.path, p.text);
  if (isFailure(read)) return failedRead(read);
  const file = read.value;
  if (!file.exists) return { passed: false, found: `file ${p.path} is absent` };
  const text = JSON.stringify(p.text);
  if (file.matches.length > 0) {
    const lines = file.matches.map((m) => `line ${m.line}: ${m.text}`).join('; ');
    return { passed: p.contains, found: `${p.path} has ${text} at ${lines}` };
  }
  const last = file.lastLines.length > 0 ? `its last lines: ${file.lastLines.join(' | ')}` : 'it is empty';
  return { passed: !p.contains, found: `${p.path} has no line with ${text}; ${last}` };
};

/** What a cut capture means for the check, and what to do about it (see read-capture.ts). */
const CUT_NOTES: Record<CaptureRead['cut'], string> = {
  none: '',
  header: '; the capture has no complete file header: tcpdump has probably written nothing yet, as it buffers (stop it before the check, or capture with -U or -c N)',
  packet: '; the capture ends inside a packet: tcpdump is probably still writing it (stop it before the check, or capture with -U or -c N)',
};

/**
 * `capture FILE shows "TEXT" [N times | at least N times]`: the number of packet lines of
 * `tcpdump -n -r FILE` containing TEXT is N (at least 1 when no count is given). A capture
 * still being written is read as far as it goes, and found says where it is cut: stop the
 * tcpdump first, or capture unbuffered (`-U`) or a fixed number of packets (`-c N`).
 * A cut capture holds `at least N` when the packets before the cut already reach N (more
 * packets can only add to them), never `N times`: the rest of the file may hold more.
 */
export const evaluateCapture: Evaluator<'capture'> = async (p, ns, reader) => {
  const read = await reader.capture(ns, p.file);
  if (isFailure(read)) return failedRead(read);
  const { packets, cut } = read.value;
  const matching = packets.filter((l) => l.includes(p.text));
  const { n, atLeast } = p.count;
  // An empty file still being written shows "ICMP" 0 times too: only a whole capture can say "exactly".
  const passed = atLeast ? matching.length >= n : matching.length === n && cut === 'none';
  const shown = (matching.length > 0 ? matching : packets).slice(0, SHOWN_PACKETS);
  const head = matching.length > 0
    ? `${matching.length} of ${packets.length} packets show ${JSON.stringify(p.text)}`
    : `no packet shows ${JSON.stringify(p.text)} (${packets.length} packets${packets.length > 0 ? '' : ' in the capture'})`;
  const lines = shown.length > 0 ? `: ${shown.join(' | ')}${matching.length > SHOWN_PACKETS ? ' | ...' : ''}` : '';
  return { passed, found: head + lines + CUT_NOTES[cut] };
};
