/**
 * The introduction of a scenario as prose to show: without its `# Title` heading, which the
 * runner shows as the title already.
 */

/**
 * @param introduction the Markdown before the first `##` heading (Scenario.introduction)
 * @returns that Markdown without its first level-1 ATX heading line, trimmed; '' when nothing else is there
 */
export function introductionProse(introduction: string): string {
  return introduction.replace(/^#\s.*\n?/m, '').trim();
}
