/**
 * From shell tokens to simple commands: the words each command of a pipeline, list, loop,
 * `if`, `case` or subshell runs, with reserved words, redirections and leading variable
 * assignments taken away. What is left starts with the program (or a builtin, or a function).
 */
import { ASSIGNMENT } from './shell-grammar.js';
import { tokenizeShell, type WordToken } from './shell-tokens.js';

/** One simple command: its words from the program on, redirections removed. */
export interface SimpleCommand {
  words: WordToken[];
}

/** What a command text holds, for lint rules. */
export interface ParsedShell {
  commands: SimpleCommand[];
  /** Names of the functions the text defines (`f() {...}`, `function f {...}`). */
  functions: string[];
  /**
   * Names of the shell variables the text sets in the shell itself: `NAME=value` on its own (not
   * before a program, where it sets the program's environment only), `for NAME`, and the builtins
   * `read`, `export`, `declare`, `typeset`, `local`, `readonly`, `printf -v`, `mapfile`/`readarray`.
   */
  assignments: string[];
  /** True when it runs `eval`, `source` or `.`: any variable may have been set. */
  dynamicAssignments: boolean;
}


/** Reserved words after which a command follows. */
const COMMAND_NEXT = new Set(['if', 'then', 'elif', 'else', 'while', 'until', 'do', '{', '!', 'time']);
/** Reserved words that end a compound command; redirections may follow them, no program. */
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
/** Operators after which a command starts. */
const SEPARATORS = new Set([';', '&', '&&', '||', '|', '|&', '\n', '(', ')']);
const CASE_ITEM_END = new Set([';;', ';&', ';;&']);
const REDIRECTIONS = new Set(['<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '&>', '&>>', '>|', '<>']);
/** Builtins whose `NAME` and `NAME=value` arguments set variables (bash(1), SHELL BUILTIN COMMANDS). */
const DECLARING = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
/** Builtins whose non-option arguments name variables they fill. */
const READING = new Set(['read', 'mapfile', 'readarray']);
/** Builtins after which any variable may be set. */
const DYNAMIC = new Set(['eval', 'source', '.']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Finds the simple commands of one complete shell command.
 * @param text the command's text (several lines allowed).
 * @returns the simple commands in order (those inside `$(...)` and backticks are not included:
 *   they are part of a word) and the functions defined. Never throws.
 */
export function parseShell(text: string): ParsedShell {
  const tokens = tokenizeShell(text);
  const commands: SimpleCommand[] = [];
  const functions: string[] = [];
  const assignments: string[] = [];
  /** Assignments in command position: the shell's own unless a program follows. */
  let leading: string[] = [];
  /** 'case-word': after `case`, until `in`; 'pattern': a case item's pattern, until `)`. */
  const caseStack: ('case-word' | 'pattern' | 'body')[] = [];
  let current: WordToken[] | undefined;
  /** Words until the next separator are not commands (`for x in a b c`, `select`). */
  let skipping = false;
  let inDoubleBracket = false;

  const finish = (): void => {
    if (current && current.length > 0) commands.push({ words: current });
    else assignments.push(...leading);
    current = undefined;
    leading = [];
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const top = caseStack.at(-1);
    if (t.type === 'op') {
      if (REDIRECTIONS.has(t.op)) {
        // The target is a file name (or a heredoc delimiter), not an argument.
        const next = tokens[k + 1];
        if (next?.type === 'word') k++;
        // `2>/dev/null`: the fd number was read as a word of its own.
        const prev = current?.at(-1);
        if (prev && /^\d+$/.test(prev.text) && prev.offset + prev.text.length === t.offset) current!.pop();
        continue;
      }
      if (inDoubleBracket) continue;
      if (top === 'pattern') {
        if (t.op === ')') caseStack[caseStack.length - 1] = 'body';
        continue;
      }
      if (CASE_ITEM_END.has(t.op) && top === 'body') caseStack[caseStack.length - 1] = 'pattern';
      if (t.op === '(' && current?.length === 1 && tokens[k + 1]?.type === 'op' && (tokens[k + 1] as { op: string }).op === ')') {
        functions.push(current[0]!.text);
        current = undefined;
        k++;
        continue;
      }
      if (SEPARATORS.has(t.op) || CASE_ITEM_END.has(t.op)) {
        finish();
        skipping = false;
      }
      continue;
    }
    if (inDoubleBracket) {
      if (t.text === ']]') inDoubleBracket = false;
      continue;
    }
    if (top === 'case-word') {
      if (t.text === 'in') caseStack[caseStack.length - 1] = 'pattern';
      continue;
    }
    if (top === 'pattern') {
      if (t.text === 'esac') caseStack.pop();
      continue;
    }
    if (skipping) continue;
    if (current === undefined) {
      // Command position: reserved words and assignments come before the program.
      if (ASSIGNMENT.test(t.text)) {
        leading.push(NAME.exec(t.text)![0]);
        continue;
      }
      if (COMMAND_NEXT.has(t.text) || t.text.startsWith('((')) continue;
      if (CLOSERS.has(t.text)) {
        if (t.text === 'esac' && top === 'body') caseStack.pop();
        skipping = true;
        continue;
      }
      if (t.text === 'for' || t.text === 'select') {
        const name = tokens[k + 1];
        if (name?.type === 'word' && NAME.test(name.text)) assignments.push(name.text);
        skipping = true;
        continue;
      }
      if (t.text === 'case') {
        caseStack.push('case-word');
        continue;
      }
      if (t.text === '[[') {
        inDoubleBracket = true;
        continue;
      }
      if (t.text === 'function') {
        const name = tokens[k + 1];
        if (name?.type === 'word') functions.push(name.text), k++;
        continue;
      }
      current = [];
    }
    current.push(t);
  }
  finish();
  for (const { words } of commands) assignments.push(...builtinAssignments(words));
  const dynamicAssignments = commands.some(({ words }) => DYNAMIC.has(words[0]!.text));
  return { commands, functions, assignments: [...new Set(assignments)], dynamicAssignments };
}

/** The variables a simple command sets when it is one of the declaring or reading builtins. */
function builtinAssignments(words: readonly WordToken[]): string[] {
  const [program, ...args] = words.map((w) => w.text);
  if (DECLARING.has(program!)) return args.filter((a) => !a.startsWith('-')).flatMap((a) => NAME.exec(a)?.[0] ?? []);
  if (program === 'printf') {
    const v = args.indexOf('-v');
    return v >= 0 && args[v + 1] ? [NAME.exec(args[v + 1]!)?.[0] ?? ''].filter(Boolean) : [];
  }
  if (!READING.has(program!)) return [];
  // Options that take a value, bash(1): read -d -i -n -N -p -t -u (and -a NAME, a variable); mapfile -d -n -O -s -u -C -c.
  const valued = program === 'read' ? /^-[A-Za-z]*[dinNptu]$/ : /^-[A-Za-z]*[dnOsuCc]$/;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.test(a)) i++;
    else if (!a.startsWith('-') && NAME.exec(a)?.[0] === a) names.push(a);
  }
  // `read` with no name fills REPLY, `mapfile` MAPFILE.
  return names.length > 0 ? names : [program === 'read' ? 'REPLY' : 'MAPFILE'];
}
