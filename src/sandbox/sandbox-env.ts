/**
 * The variable set in the shell of every private sandbox (runs, tests, practice): a command run
 * there, `nslab check` among them, can tell that the namespaces it sees are the sandbox's, not
 * the host's.
 */
export const SANDBOX_ENV = 'NSLAB_SANDBOX';
