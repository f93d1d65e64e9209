/**
 * What every JUnit XML report nslab writes shares: times in seconds and the counts of a
 * `<testsuite>`'s or `<testsuites>`' attributes (the de-facto JUnit format of Ant's
 * XMLJUnitResultFormatter, as CI systems read it).
 */

/**
 * @param ms a duration in ms
 * @returns JUnit's `time`: seconds with ms precision, e.g. `1.250`
 */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * @param cases one entry per testcase
 * @returns the `tests`, `failures`, `errors` (always 0: nslab reports no errors apart from failures) and `skipped` attributes
 */
export function counts(cases: readonly { failed: boolean; skipped: boolean }[]) {
  return {
    tests: cases.length,
    failures: cases.filter((s) => s.failed).length,
    errors: 0,
    skipped: cases.filter((s) => s.skipped).length,
  };
}

/** A timestamp as JUnit has it: ISO 8601 without the fraction and zone (`2024-05-01T10:00:00`). */
export function junitTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '');
}
