/**
 * The scenario model: what a parsed scenario file is made of. Pure data, no behaviour.
 * Every element carries the 1-based line of the source file it came from, so that any later
 * problem can be reported as `FILE:LINE`.
 */
import type { Check } from '../check/model.js';

/** A whole scenario file, parsed and validated. */
export interface Scenario {
  /** Path of the file as given by the caller (used in every message). */
  file: string;
  meta: ScenarioMeta;
  /** Markdown source of the text before the first `##` heading (title heading included). */
  introduction: string;
  /** Steps in file order; `steps[i].number === i + 1`. */
  steps: Step[];
}

/** Services nslab can provide to a scenario's commands. */
export type ServiceName = 'openvswitch';

/** The validated front matter. */
export interface ScenarioMeta {
  title: string;
  description?: string;
  /** Programs that must be on PATH before step 1. */
  requires: string[];
  /** Kernel features (`requires: [kernel:netem]`, src/kernel/features.ts), by their canonical names. */
  kernel: string[];
  services: ServiceName[];
  /** Default limit for one command, in ms (front matter `timeout`, default 30 s). */
  timeoutMs: number;
  /** Shell script run after the last step, after a failure and on interrupt. */
  cleanup?: string;
  /** Line of the `cleanup` key in the file (1-based), when present. */
  cleanupLine?: number;
}

/** One `##` section of the scenario. */
export interface Step {
  /** 1-based position. */
  number: number;
  /** Slug of the heading (GitHub style), e.g. `add-a-default-route`. */
  id: string;
  /** Heading text as written (inline Markdown kept). */
  title: string;
  /** Line of the heading. */
  line: number;
  /** Markdown source of the step's prose, fences excluded. */
  explanation: string;
  /** Markdown prose after the step's last block ('' when none); with the blocks' `lead`s it makes up `explanation`. */
  outro: string;
  /** Fenced blocks in file order. */
  blocks: Block[];
  /**
   * The step's hints, in file order: blockquotes whose text starts with `Hint:`. They are not
   * part of `explanation`, `outro` or any block's `lead`, so a run never shows them; `nslab
   * practice` shows them one at a time when the student asks.
   */
  hints: Hint[];
}

/** One `> Hint: ...` blockquote of a step. */
export interface Hint {
  /** Markdown source of the hint, the `>` markers and the `Hint:` label removed. */
  text: string;
  /** Line of the blockquote's first line. */
  line: number;
}

/** A fenced code block, discriminated by what nslab does with it. */
export type Block = RunBlock | TranscriptBlock | ZxBlock | CheckBlock | ShownBlock;

/** Fields every block has. */
export interface BlockBase {
  /** Line of the opening fence. */
  line: number;
  /** The fence's language word (`sh`, `console`, `check`, ...), lower-cased; '' if none. */
  lang: string;
  /** The block's content, verbatim. */
  content: string;
  /**
   * Markdown prose between the previous block (or the step's heading) and this block, so a
   * runner can show the text that leads into each command where the author put it.
   * '' when there is none; blocks before the first step have none.
   */
  lead: string;
}

/** Which exit status a command must have. `exit=0|nonzero|any|N`. */
export type ExitExpectation =
  | { kind: 'code'; code: number }
  | { kind: 'nonzero' }
  | { kind: 'any' };

/** What every command of a block must meet (from the fence attributes). */
export interface Expectation {
  exit: ExitExpectation;
  /** `output="text"`: stdout+stderr contains it. */
  output?: string;
  /** `no-output="text"`: stdout+stderr does not contain it. */
  noOutput?: string;
  /** `match="regex"`: stdout+stderr matches it (JavaScript syntax, no flags). */
  match?: RegExp;
}

/** Fence attributes shared by run and transcript blocks. */
export interface BlockOptions {
  expect: Expectation;
  /** `timeout=5s`: limit for each command, in ms; falls back to the scenario's. */
  timeoutMs?: number;
  /** `retry=5s`: run again until the expectation holds or this many ms have passed. */
  retryMs?: number;
  /** `norun`: shown only. */
  norun: boolean;
  /** `background`: started, left running, stopped at the end of the run. */
  background: boolean;
}

/** One complete shell command: one line, or several joined by `\`, a compound command or a heredoc. */
export interface Command {
  /** The command's text, its lines joined with '\n' (continuations kept as written). */
  text: string;
  /** Line of its first line in the file. */
  line: number;
}

/** `sh`, `bash`, `shell`: commands to run. */
export interface RunBlock extends BlockBase, BlockOptions {
  kind: 'run';
  /** Comment-only and blank lines are dropped. */
  commands: Command[];
}

/** One expected line of a transcript. */
export type ExpectedLine =
  /** Literal text; each `...` inside matches any text. */
  | { kind: 'text'; text: string }
  /** A line written `REGEX (re)`: the regex must match the whole line. */
  | { kind: 'regex'; source: string; regex: RegExp }
  /** A line that is only `...`: any number of lines, zero included. */
  | { kind: 'any-lines' };

/** One `$ command` (or `# command`) of a transcript and the output expected after it. */
export interface TranscriptEntry {
  command: Command;
  /** Expected output lines; empty when the command had no lines after it (it may print anything). */
  expected: ExpectedLine[];
  /** Line of the first expected line (or of the command when there is none). */
  expectedLine: number;
  /**
   * cram's `[N]` line after the output: the exit status this command must have (it stands in
   * for the block's `exit=`). Absent when the entry has none.
   */
  exitStatus?: { code: number; line: number };
}

/** `console`, `shell-session`: a transcript of commands and their output. */
export interface TranscriptBlock extends BlockBase, BlockOptions {
  kind: 'transcript';
  entries: TranscriptEntry[];
}

/**
 * ```` ```zx ````: a zx script (JavaScript with zx's `$`) run as one command of its step, in a
 * fresh `node` started from the scenario's shell session (docs/scenario-format.md, "zx blocks").
 * Its options: exit 0 expected, `timeoutMs` always set (`timeout=`, else 10 s), never
 * `background`, `retryMs` never set.
 */
export interface ZxBlock extends BlockBase, BlockOptions {
  kind: 'zx';
  /** `observe`: the author says the script only reads (prints a value, compares): no mutation of `test --mutate`, and a step of such blocks is an observation step. */
  observe: boolean;
  /** The script as the step's command: `text` is the script, `line` its first line. */
  command: Command;
}

/**
 * `check`: state checks, one per line; or ```` ```zx {check} ````, whose one check is a zx
 * script (predicate kind `zx`).
 */
export interface CheckBlock extends BlockBase {
  kind: 'check';
  checks: Check[];
}

/** Any other language: shown, never run. */
export interface ShownBlock extends BlockBase {
  kind: 'shown';
}

/** How bad a problem is: an error stops every command; a warning is reported by lint only. */
export type Severity = 'error' | 'warning';

/** A problem found in a scenario file, located for `FILE:LINE:COL: severity: message`. */
export interface Problem {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column (1 when unknown). */
  column: number;
  severity: Severity;
  /** Short rule name, e.g. `front-matter`, `attribute`, `check-syntax`, `fence`. */
  rule: string;
  message: string;
}

/**
 * The outcome of parsing: a scenario only when no error-severity problem was found. When the
 * errors are all in the body (the front matter is valid), `partial` holds what could be parsed
 * (blocks with errors may lack parts, a fence never closed is missing), so lint can still apply
 * its rules to the steps without errors; nothing may run it.
 */
export type ParseResult =
  | { ok: true; scenario: Scenario; problems: Problem[] }
  | { ok: false; problems: Problem[]; partial?: Scenario };
