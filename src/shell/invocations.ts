/**
 * Which programs a simple command runs. Wrappers that run another command are looked
 * through: `sudo`, `env`, `exec`, `command`, `nohup`, `nice`, `timeout`, `time`, `nsenter`,
 * `ip netns exec NS CMD` (which runs both `ip` and CMD), and a shell's `-c SCRIPT` (`bash -c
 * 'ping ...'` runs bash and the script's programs).
 */
import { ASSIGNMENT } from './shell-grammar.js';
import { parseShell } from './simple-commands.js';
import type { WordToken } from './shell-tokens.js';

/** One program a command runs, with the words after it. */
export interface Invocation {
  /** The program's name as written (`ifconfig`, `ovs-vsctl`). */
  program: string;
  /** Its word in the command text (for its offset). */
  word: WordToken;
  /** The words after it. */
  args: WordToken[];
}

/** What the programs of one complete command are. */
export interface CommandPrograms {
  readonly invocations: readonly Invocation[];
  /** Functions the command defines. */
  readonly functions: readonly string[];
}

/**
 * Options of the wrappers that take a value (`sudo -u root`, `env -u NAME`, `nice -n 5`):
 * skipping them keeps the value from being taken for the program.
 */
const WRAPPERS: Record<string, { optionsWithValue: string[]; positional?: number }> = {
  sudo: { optionsWithValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T'] },
  env: { optionsWithValue: ['-u', '-C', '-S'] },
  exec: { optionsWithValue: ['-a'] },
  command: { optionsWithValue: [] },
  builtin: { optionsWithValue: [] },
  nohup: { optionsWithValue: [] },
  time: { optionsWithValue: ['-f', '-o'] },
  nice: { optionsWithValue: ['-n'] },
  // `timeout 5 CMD`: the duration is one positional word before the command.
  timeout: { optionsWithValue: ['-s', '-k'], positional: 1 },
  // nsenter(1): `--net=FILE` carries its value; -t, -S, -G take the next word.
  nsenter: { optionsWithValue: ['-t', '--target', '-S', '--setuid', '-G', '--setgid'] },
};

/** Shells whose `-c SCRIPT` runs the script's commands (bash(1), dash(1)). */
const SHELLS = new Set(['bash', 'sh', 'dash']);

/** `ip` options that take a value, before the object (`ip -n NS link`, `ip -b FILE`). */
const IP_OPTIONS_WITH_VALUE = new Set(['-n', '-netns', '-b', '-batch', '-f', '-family', '-rc', '-rcvbuf', '-l', '-loops']);

/**
 * Lists the programs a complete shell command runs, first words of every simple command in
 * its pipelines, lists, loops and subshells (not those inside `$(...)`), wrappers looked through.
 * Words whose value is only known at run time (`$CMD`) and paths (`./x`, `/sbin/x`) are left out.
 * @param text the command's text.
 * @returns the invocations in order and the functions the command defines (frozen: the result
 *   is shared by every caller with the same text). Never throws.
 */
export function programsOf(text: string): Readonly<CommandPrograms> {
  let programs = PROGRAMS.get(text);
  if (programs === undefined) {
    const parsed = parseShell(text);
    programs = Object.freeze({ invocations: parsed.commands.flatMap((c) => resolve(c.words)), functions: parsed.functions });
    if (PROGRAMS.size >= PROGRAMS_MAX) PROGRAMS.clear();
    PROGRAMS.set(text, programs);
  }
  return programs;
}

/**
 * programsOf's results by command text. Several lint rules (requires, ping-without-count,
 * unknown-namespace) and `run`'s check of `requires` each ask for every command of a file:
 * tokenizing it once instead of three times is ~20 % of `lint scenarios/` (docs/performance.md).
 * Bounded, so a long-lived process (practice) does not grow it without end.
 */
const PROGRAMS = new Map<string, Readonly<CommandPrograms>>();
const PROGRAMS_MAX = 10_000;

/** The invocations of one simple command's words (the first is the program). */
function resolve(words: readonly WordToken[]): Invocation[] {
  const [first, ...args] = words;
  if (!first || first.dynamic || first.text.includes('/') || first.text === '') return [];
  const self: Invocation = { program: first.text, word: first, args };
  const wrapper = WRAPPERS[first.text];
  if (wrapper) {
    const rest = afterOptions(args, wrapper.optionsWithValue, wrapper.positional ?? 0);
    return rest.length > 0 ? resolve(rest) : [self];
  }
  if (first.text === 'ip') return [self, ...resolve(ipNetnsExecCommand(args))];
  if (SHELLS.has(first.text)) return [self, ...scriptInvocations(args)];
  return [self];
}

/**
 * The invocations of a shell's `-c SCRIPT` (also `-lc`, `-ec`), placed in the outer command.
 */
function scriptInvocations(args: readonly WordToken[]): Invocation[] {
  const flag = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text));
  const script = flag >= 0 ? args[flag + 1] : undefined;
  if (!script || script.dynamic) return [];
  // The script is almost always one quoted word: its text starts after the opening quote.
  const shift = script.offset + 1;
  const moved = (w: WordToken): WordToken => ({ ...w, offset: w.offset + shift });
  return programsOf(script.text).invocations.map((inv) => ({ ...inv, word: moved(inv.word), args: inv.args.map(moved) }));
}

/** The words after a wrapper's options, assignments (`env X=1`) and positional values. */
function afterOptions(args: readonly WordToken[], withValue: readonly string[], positional: number): WordToken[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i]!.text;
    if (a === '--') return args.slice(i + 1);
    if (withValue.includes(a)) i += 2;
    else if (a.startsWith('-') || ASSIGNMENT.test(a)) i++;
    else break;
  }
  return args.slice(i + positional);
}

/**
 * The words of an `ip` command after its global options (`-n NS`, `-b FILE`, `-4`...).
 * @param args the words after `ip`.
 * @returns `{ all, rest }`: whether `-all` was given, and the words from the object (`netns`,
 *   `link`...) on.
 */
export function ipArguments(args: readonly WordToken[]): { all: boolean; rest: WordToken[] } {
  let i = 0;
  let all = false;
  while (i < args.length && args[i]!.text.startsWith('-')) {
    const opt = args[i]!.text;
    if (opt === '-all' || opt === '-a') all = true;
    i += IP_OPTIONS_WITH_VALUE.has(opt) ? 2 : 1;
  }
  return { all, rest: args.slice(i) };
}

/** For `ip [OPTIONS] netns exec NS CMD...` the words from CMD on; otherwise none. */
function ipNetnsExecCommand(args: readonly WordToken[]): WordToken[] {
  const { all, rest } = ipArguments(args);
  if (rest[0]?.text !== 'netns' || rest[1]?.text !== 'exec') return [];
  // `ip -all netns exec CMD` runs CMD in every namespace: no NS word.
  return rest.slice(all ? 2 : 3);
}
