/**
 * Durations as scenario authors write them: `500ms`, `5s`, `1.5s`, `2m`, `1h`, or in words
 * (`5 seconds`, `2 min`), as people write them in prose.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Unit words, each the short unit it means (`seconds` → `s`). */
const UNIT_WORDS: Record<string, string> = {
  millisecond: 'ms', milliseconds: 'ms', msec: 'ms', msecs: 'ms',
  sec: 's', secs: 's', second: 's', seconds: 's',
  min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
};

/**
 * The longest limit a scenario may set (`timeout`, `retry=`, `within`). A lab step that needs
 * more than a day is a typo (`100h` for `100s`), and a wait that long would look like a hang.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

/** How `MAX_DURATION_MS` is written in messages. */
export const MAX_DURATION_TEXT = '24h';

/**
 * Parses a duration such as `10s`, `500ms`, `1.5s`, `2m` or `1h`; a blank may come before the
 * unit, and the unit may be a word (`5 seconds`, `1 minute`, `2 hrs`, `500 milliseconds`).
 * @returns the duration in ms (of any size: callers enforce `MAX_DURATION_MS` with their own
 *   message), or undefined when the text is not a duration (a bare number, a negative value or
 *   an unknown unit are not).
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([a-z]+)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = UNIT_MS[m[2]!] !== undefined ? m[2]! : UNIT_WORDS[m[2]!];
  if (unit === undefined) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[unit]!);
}

/**
 * Formats ms for people: `850 ms`, `1.2 s`, `30 s`, `2 m 5 s`, `3 h 20 m`.
 * Rounding happens before the unit is chosen, so 999.6 ms reads `1.0 s`, not `1000 ms`.
 */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const s = seconds % 60;
    return s === 0 ? `${seconds / 60} m` : `${Math.floor(seconds / 60)} m ${s} s`;
  }
  const minutes = Math.round(ms / 60_000);
  const m = minutes % 60;
  return m === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${m} m`;
}
