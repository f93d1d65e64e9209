/**
 * `transcript-varying`: a transcript line, pasted from a terminal, that holds what changes from
 * one run to the next — ping's round-trip times (`time=0.034 ms`, `time 1001ms`, the `rtt
 * min/avg/max/mdev` line), tcpdump's timestamps and ICMP ids. Written as is, the line never
 * matches again; `...` in its place matches any text (docs/scenario-format.md, "Transcripts").
 */
import type { Rule } from '../model.js';

/** What varies, and how the line reads with `...` in its place. */
const VARYING: ReadonlyArray<{ what: string; pattern: RegExp; replacement: string }> = [
  { what: "ping's round-trip time", pattern: /time=\d+(?:\.\d+)? ms/g, replacement: 'time=... ms' },
  { what: "ping's total time", pattern: /, time \d+ms/g, replacement: ', time ...' },
  { what: "ping's round-trip summary", pattern: /(rtt|round-trip) min\/avg\/max\/(?:mdev|stddev) = [\d./]+ ms/g, replacement: '$1 min/avg/max/mdev = ...' },
  { what: "tcpdump's timestamp", pattern: /^\d{2}:\d{2}:\d{2}\.\d{6} /g, replacement: '... ' },
  { what: 'the ICMP id', pattern: /\bid \d+,/g, replacement: 'id ...,' },
];

/** The `transcript-varying` warning rule (see the module comment). */
export const transcriptVaryingRule: Rule = {
  name: 'transcript-varying',
  summary: 'a transcript line with times or ids that change from run to run',
  check: ({ scenario }) =>
    scenario.steps.flatMap((step) =>
      step.blocks.flatMap((block) => (block.kind === 'transcript' && !block.norun ? block.entries : [])).flatMap((entry) =>
        entry.expected.flatMap((expected, i) => {
          if (expected.kind !== 'text') return [];
          const found = VARYING.filter((v) => new RegExp(v.pattern.source).test(expected.text));
          if (found.length === 0) return [];
          const fixed = found.reduce((text, v) => text.replace(v.pattern, v.replacement), expected.text);
          return [{
            line: entry.expectedLine + i, column: 1, rule: 'transcript-varying' as const,
            message: `${found.map((v) => v.what).join(' and ')} ${found.length > 1 ? 'change' : 'changes'} from run to run, so this line will not match again: write \`${fixed}\``,
          }];
        }),
      ),
    ),
};
