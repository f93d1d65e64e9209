/**
 * Evaluating checks against the live state: one evaluator per predicate kind, in a table typed
 * so that a new kind does not compile until it has one.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exec } from '../sandbox/types.js';
import { createStateReader, type StateReader } from '../state/state-reader.js';
import { describeCheck } from './describe-check.js';
import { evaluateBridgePorts } from './evaluate-bridge.js';
import { evaluateBridgeLearned, evaluateLinkBridge } from './evaluate-bridge-membership.js';
import { NO_EXITED_SERVERS, type CheckSession, type Evaluator, type Verdict } from './evaluate-context.js';
import { evaluateCapture, evaluateFileText } from './evaluate-files.js';
import { evaluateLinkAddress, evaluateLinkExists, evaluateLinkLacksAddress, evaluateLinkMtu, evaluateLinkState } from './evaluate-links.js';
import { evaluateNamespace, evaluateSysctl } from './evaluate-namespace.js';
import { evaluateNeighbor } from './evaluate-neighbor.js';
import { evaluatePath } from './evaluate-path.js';
import { evaluatePing } from './evaluate-ping.js';
import { evaluateNoRoute, evaluateRoute } from './evaluate-routes.js';
import { evaluateTcp } from './evaluate-tcp.js';
import { evaluateZx } from './evaluate-zx.js';
import { evaluateFirewall } from './evaluate-firewall.js';
import { evaluateDestinationNat, evaluateSourceNat } from './evaluate-nat.js';
import { evaluateListening, evaluateProcess } from './evaluate-process.js';
import { evaluateRule } from './evaluate-rule.js';
import type { Check, CheckResult, Predicate, PredicateKind } from './model.js';
import { expandTemplate } from './expand-template.js';
import { NO_SESSION, type SessionVariables } from './session-variables.js';

const EVALUATORS: { [K in PredicateKind]: Evaluator<K> } = {
  namespace: evaluateNamespace,
  'link-exists': evaluateLinkExists,
  'link-state': evaluateLinkState,
  'link-address': evaluateLinkAddress,
  'link-lacks-address': evaluateLinkLacksAddress,
  route: evaluateRoute,
  'no-route': evaluateNoRoute,
  rule: evaluateRule,
  sysctl: evaluateSysctl,
  ping: evaluatePing,
  'bridge-ports': evaluateBridgePorts,
  'link-mtu': evaluateLinkMtu,
  'link-bridge': evaluateLinkBridge,
  neighbor: evaluateNeighbor,
  'bridge-learned': evaluateBridgeLearned,
  'file-text': evaluateFileText,
  capture: evaluateCapture,
  path: evaluatePath,
  tcp: evaluateTcp,
  listening: evaluateListening,
  process: evaluateProcess,
  'source-nat': evaluateSourceNat,
  'destination-nat': evaluateDestinationNat,
  firewall: evaluateFirewall,
  // Reached only by a template that was not expanded (evaluateCheck expands the others).
  template: async () => ({ passed: false, found: NO_SESSION.reason }),
  // Never reached: evaluateCheck gives a zx script the session's variables (evaluate-zx.ts).
  zx: async () => ({ passed: false, found: 'a zx check needs the variables of the session' }),
};

/** Pause between attempts of a `within` check, in ms. */
export const RETRY_INTERVAL_MS = 150;

function verdictFor(predicate: Predicate, ns: string | undefined, reader: StateReader, session: CheckSession): Promise<Verdict> {
  // The table's mapped type guarantees the evaluator matches the kind; TS cannot correlate the two.
  const evaluate = EVALUATORS[predicate.kind] as Evaluator<PredicateKind>;
  return evaluate(predicate as never, ns, reader, session);
}

/**
 * Evaluates a check once (`within` is ignored here; see {@link evaluateCheckWithin}).
 * @param check the parsed check.
 * @param exec the sandbox's exec (checks only read state; they never use the shell session).
 * @param reader optional memoizing state reader shared by the checks of one round
 *   (`createStateReader(exec)`); a fresh one is made otherwise.
 * @param variables the values of the shell variables a `template` check uses (`ping $ADDR
 *   succeeds`), read from the session before the round; without them such a check fails, found
 *   saying there is no session to read them from.
 * @param session what the run knows besides the state: the `background` servers that exited,
 *   named when a check fails for want of them (none by default).
 * @returns the result with `expected` (e.g. `R: sysctl net.ipv4.ip_forward = 1`; for a template
 *   the expanded check and its variables, `blue: ping fd00::5a succeeds ($ADDR)`), `found`
 *   (e.g. `net.ipv4.ip_forward = 0`) and wall time in ms; `check` is the expanded check, its
 *   source as written. Never throws: a state problem, or an unexpected error, is a failed result.
 */
export async function evaluateCheck(
  check: Check,
  exec: Exec,
  reader?: StateReader,
  variables: SessionVariables = NO_SESSION,
  session: CheckSession = NO_EXITED_SERVERS,
): Promise<CheckResult> {
  const started = performance.now();
  const expanded = expandTemplate(check, variables);
  if (!expanded.ok) {
    return { check, passed: false, expected: describeCheck(check), found: expanded.found, durationMs: performance.now() - started };
  }
  const evaluated = expanded.check;
  let verdict: Verdict;
  try {
    const p = evaluated.predicate;
    verdict = p.kind === 'zx' ? await evaluateZx(p, exec, variables) : await verdictFor(p, evaluated.namespace, reader ?? createStateReader(exec), session);
  } catch (error) {
    verdict = { passed: false, found: `nslab could not evaluate the check: ${(error as Error).message}` };
  }
  return {
    check: evaluated,
    passed: verdict.passed,
    expected: describeCheck(evaluated) + expanded.suffix,
    found: verdict.found,
    durationMs: performance.now() - started,
  };
}

/**
 * Evaluates a check, retrying every {@link RETRY_INTERVAL_MS} ms while it fails and its
 * `withinMs` has not run out; a check without `within` is evaluated once.
 * @param reader used for the first attempt only; retries read fresh state.
 * @param variables as for {@link evaluateCheck}: read once, before the first attempt (the
 *   session runs nothing while a check waits).
 * @param session as for {@link evaluateCheck}.
 * @returns the last attempt's result, durationMs covering all attempts.
 */
export async function evaluateCheckWithin(check: Check, exec: Exec, reader?: StateReader, variables?: SessionVariables, session?: CheckSession): Promise<CheckResult> {
  const started = performance.now();
  let result = await evaluateCheck(check, exec, reader, variables, session);
  if (check.withinMs !== undefined) {
    const deadline = started + check.withinMs;
    while (!result.passed && performance.now() < deadline) {
      await sleep(Math.min(RETRY_INTERVAL_MS, Math.max(0, deadline - performance.now())));
      result = await evaluateCheck(check, exec, undefined, variables, session);
    }
  }
  return { ...result, durationMs: performance.now() - started };
}
