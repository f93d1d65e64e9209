/**
 * The few exceptions nslab throws. Everything else that can go wrong in a run (a failing
 * command, a check that does not hold) is data, not an exception. A malformed scenario file is
 * the scenario's own error, `ScenarioError` (scenario/problem.ts).
 */
/**
 * The machine cannot run the scenario: a missing program, no privilege, a service that
 * does not start. The CLI prints the message (one or a few sentences on how to fix it) and
 * exits 3.
 */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Wrong use of the command line (unknown option, missing file). The CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Work given up because the run was interrupted (SIGINT, SIGTERM, SIGHUP) before it could
 * finish, e.g. a private sandbox still opening. Not an error to report: the run ends as
 * interrupted (exit 128 + the signal's number).
 */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}
