/**
 * From shell tokens to simple commands: the words each command of a pipeline, list, loop,
 * `if`, `case` or subshell runs, with reserved words, redirections and leading variable
 * assignments taken away. What is left starts with the program (or a builtin, or a function).
 */
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
}

/** `NAME=value`, `NAME+=value`, `NAME[i]=value`: an assignment before (or instead of) a program. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Reserved words after which a command follows. */
const COMMAND_NEXT = new Set(['if', 'then', 'elif', 'else', 'while', 'until', 'do', '{', '!', 'time']);
/** Reserved words that end a compound command; redirections may follow them, no program. */
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
/** Operators after which a command starts. */
const SEPARATORS = new Set([';', '&', '&&', '||', '|', '|&', '\n', '(', ')']);
const CASE_ITEM_END = new Set([';;', ';&', ';;&']);
const REDIRECTIONS = new Set(['<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '&>', '&>>', '>|', '<>']);

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
  /** 'case-word': after `case`, until `in`; 'pattern': a case item's pattern, until `)`. */
  const caseStack: ('case-word' | 'pattern' | 'body')[] = [];
  let current: WordToken[] | undefined;
  /** Words until the next separator are not commands (`for x in a b c`, `select`). */
  let skipping = false;
  let inDoubleBracket = false;

  const finish = (): void => {
    if (current && current.length > 0) commands.push({ words: current });
    current = undefined;
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
      if (ASSIGNMENT.test(t.text)) continue;
      if (COMMAND_NEXT.has(t.text) || t.text.startsWith('((')) continue;
      if (CLOSERS.has(t.text)) {
        if (t.text === 'esac' && top === 'body') caseStack.pop();
        skipping = true;
        continue;
      }
      if (t.text === 'for' || t.text === 'select') {
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
  return { commands, functions };
}
