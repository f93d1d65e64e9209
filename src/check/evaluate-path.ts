/**
 * `path SRC to DST is clear`: the walk of `nslab why SRC DST` as a check. It holds when every
 * hop there and back is ✔; found names the first broken hop and its cause, in the words of
 * the `why` report.
 */
import { hopPath, nsLabel } from '../diagnose/types.js';
import type { Evaluator } from './evaluate-context.js';

/**
 * Evaluates `path SRC to DST is clear` (the check's namespace is unused: SRC says where).
 * found: `clear both ways: H1 → R → H2, and back`, or `✘ R → ? via R-eth2 (...): <cause>`.
 */
export const evaluatePath: Evaluator<'path'> = async (p, _ns, reader) => {
  // Loaded when used, as the ping check does: most check rounds need no diagnosis code.
  const [{ why }, { undecidedWarning }, { explain }] = await Promise.all([import('../diagnose/why.js'), import('../diagnose/unread-rules.js'), import('../diagnose/messages.js')]);
  const result = await why(reader.exec, p.src, p.dst, reader);
  if (result.ok) {
    const forward = result.hops.filter((h) => h.direction === 'forward');
    const route = [nsLabel(result.src), ...forward.map((h) => nsLabel(h.to))];
    const back = result.hops.some((h) => h.direction === 'back') ? ', and back' : '';
    // What nslab cannot decide may break what it sees as clear: no ✔ for that.
    const doubt = undecidedWarning(result);
    if (doubt) {
      const asFar = doubt.cause === 'iptables-legacy' ? 'as far as nslab reads the rules' : 'as far as nslab can decide';
      return { passed: false, found: `clear both ways ${asFar}: ${route.join(' → ')}${back}; but ${explain(doubt).because}` };
    }
    return { passed: true, found: `clear both ways: ${route.join(' → ')}${back}` };
  }
  const broken = result.hops.find((h) => !h.ok);
  const cause = result.explanation?.because ?? 'the path is broken';
  return { passed: false, found: broken ? `✘ ${hopPath(broken)} (${broken.detail}): ${cause}` : cause };
};
