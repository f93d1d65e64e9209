/**
 * Words that are never programs on PATH in bash: its builtins and reserved words. A command
 * starting with one of them needs nothing in `requires`.
 */

/** bash's builtins (`help` in bash 5) and reserved words. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set([
  // builtins
  ':', '.', '[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete',
  'compopt', 'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false',
  'fc', 'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd',
  'printf', 'pushd', 'pwd', 'read', 'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source',
  'suspend', 'test', 'times', 'trap', 'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
  // reserved words
  '!', '[[', ']]', '{', '}', 'case', 'coproc', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if',
  'in', 'select', 'then', 'time', 'until', 'while',
]);

/**
 * Programs of Debian's Essential and required packages (coreutils, grep, sed, findutils,
 * diffutils, mawk, util-linux, bash, tar, gzip, hostname): every Debian or Ubuntu system has
 * them, so a scenario need not list them in `requires` (Debian Policy 3.8, "Essential
 * packages"; `dpkg-query -W -f='${Package} ${Essential}\n'`).
 */
export const ALWAYS_INSTALLED: ReadonlySet<string> = new Set([
  // coreutils
  'basename', 'cat', 'chmod', 'chown', 'cp', 'cut', 'date', 'dd', 'df', 'dirname', 'du', 'env', 'expr', 'head', 'id',
  'ln', 'ls', 'md5sum', 'mkdir', 'mkfifo', 'mktemp', 'mv', 'nproc', 'od', 'paste', 'readlink', 'realpath', 'rm',
  'rmdir', 'seq', 'sha256sum', 'sleep', 'sort', 'stat', 'stdbuf', 'tail', 'tee', 'timeout', 'touch', 'tr', 'truncate',
  'tty', 'uname', 'uniq', 'wc', 'whoami', 'yes',
  // other Essential/required packages
  'grep', 'egrep', 'sed', 'find', 'xargs', 'diff', 'cmp', 'awk', 'mawk', 'tar', 'gzip', 'gunzip', 'zcat', 'hostname',
  'mount', 'umount', 'sh', 'bash', 'dash', 'kill', 'nsenter', 'unshare', 'setpriv', 'script', 'logger', 'more',
]);
