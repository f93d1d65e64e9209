/**
 * Durations as scenario authors write them: `500ms`, `5s`, `1.5s`, `2m`.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Parses a duration such as `10s`, `500ms`, `1.5s` or `2m`.
 * @returns the duration in ms, or undefined when the text is not a duration (a bare number,
 *   a negative value or an unknown unit are not).
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** Formats ms for people: `850 ms`, `1.2 s`, `30 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}
