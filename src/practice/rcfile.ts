/**
 * The practice shell's rc file: bash functions that talk to nslab over the control channel
 * (control-channel.ts), the prompt `[l3-router 3/8] # `, and the check after every command.
 *
 * The after-command check runs from PROMPT_COMMAND, only when a command was entered since the
 * last prompt: `$HISTCMD` (bash(1)) grows by one per entered command, and stays the same for an
 * empty line, so pressing Enter does not count as trying. The user's own ~/.bashrc is not read:
 * the shell must behave the same for every student.
 *
 * The check is told what the command was, for an observation step (earned-credit.ts): its exit
 * statuses (`$?` and `PIPESTATUS`, taken first, before anything else runs) in the request, and
 * its text as bash's history recorded it, written by `fc -ln -1` to a file in the channel's
 * directory (a command may span lines; a request is one line). Builtins only: no process
 * starts per prompt.
 *
 * Before each request it also writes the values of the shell variables the scenario's checks use
 * (`ping $ADDR succeeds`) to a file there, NUL-separated: the checks read the student's own
 * values. Its locals are `__nslab_`-named, so they never hide a variable of the student's.
 */

import { printVariablesCommand } from '../run/read-session-variables.js';
import { variablesToken, VARIABLES_FILE } from '../run/variables-file.js';
import { shellQuote } from '../util/child-process.js';

/** The file in the channel's directory the prompt writes the last command to. */
export const LAST_COMMAND_FILE = 'last-command';

/** The in-shell commands, for the help line. */
export const SHELL_COMMANDS = ['status', 'hint', 'why SRC DST [--tcp PORT] [--size BYTES]', 'next', 'solve', 'restart', 'check', 'topo', 'changes'] as const;

/**
 * The rc file's text.
 * @param channelDir the channel's directory as the shell sees it (inside the sandbox)
 * @param label the scenario's short name for the prompt (file name without `.md`)
 * @param prompt the prompt's step part to start with, e.g. `1/8`
 * @param variables the shell variables the scenario's checks use (valid names), written before each request
 */
export function practiceRcFile(channelDir: string, label: string, prompt: string, variables: readonly string[] = []): string {
  const name = label.replace(/[^A-Za-z0-9._-]/g, '_');
  // Before `local`: the function must see the student's variables, not its own.
  const writeVariables = variables.length > 0 ? `\n  ${printVariablesCommand(variables, variablesToken(variables))} >"$NSLAB_PRACTICE/${VARIABLES_FILE}"` : '';
  return `# nslab practice shell (generated; lives in the sandbox's /run/nslab)
export NSLAB_PRACTICE=${shellQuote(channelDir)}
HISTCONTROL=
unset HISTFILE
exec 3<"$NSLAB_PRACTICE/res"
__nslab_seq=0
__nslab_step=${shellQuote(prompt)}
__nslab_hist=
# Sends one request; prints the reply's lines; the end line sets the prompt's step part.
__nslab() {${writeVariables}
  local id line
  __nslab_seq=$((__nslab_seq + 1))
  id="$$.$__nslab_seq"
  printf '%s %s\\n' "$id" "$*" >"$NSLAB_PRACTICE/req" || return 1
  while IFS= read -r line <&3; do
    case $line in
      "$id . "*) [ -n "\${line#"$id . "}" ] && __nslab_step=\${line#"$id . "}; return 0 ;;
      "$id "*) printf '%s\\n' "\${line#"$id "}" ;;
    esac
  done
  return 1
}
# The check after a command: its history number, then its exit statuses; its text is in a file.
__nslab_after() {
  local __nslab_status=$? __nslab_statuses="\${PIPESTATUS[*]}"
  if [ "$HISTCMD" != "$__nslab_hist" ]; then
    if [ -n "$__nslab_hist" ]; then
      fc -ln -1 >"$NSLAB_PRACTICE/${LAST_COMMAND_FILE}" 2>/dev/null
      __nslab verify "$HISTCMD" $__nslab_statuses
    fi
    __nslab_hist=$HISTCMD
  fi
  return $__nslab_status
}
# The same check for a command run by a script (tests, the benchmark: no history): N TEXT STATUS...
__nslab_verify() {
  printf '%s\\n' "$2" >"$NSLAB_PRACTICE/${LAST_COMMAND_FILE}"
  __nslab verify "$1" "\${@:3}"
}
status() { __nslab status; }
hint() { __nslab hint; }
why() { __nslab why "$@"; }
next() { __nslab next; }
solve() { __nslab solve; }
check() { __nslab check; }
topo() { __nslab topo; }
changes() { __nslab changes; }
restart() { __nslab restart && builtin exit 0; }
PROMPT_COMMAND=__nslab_after
PS1='[${name} \${__nslab_step}] \\$ '
`;
}

