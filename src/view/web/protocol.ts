/**
 * The messages between `nslab serve` (src/serve/) and the lesson page in the browser
 * (src/view/web/browser/): one WebSocket per open lesson page, JSON text frames, one message
 * per frame. Types only: both sides import it, so a change to the protocol is a type error on
 * the side that was not changed.
 *
 * The server owns the truth: the page shows the last `state` it got and never computes
 * progress itself. The terminal's bytes go through as text (`out`, `in`), UTF-8.
 */

/** How a check of the current or a finished step stands, as the page shows it. */
export type CheckMark =
  /** ✔: the check held at the step's last verification. */
  | 'passed'
  /** ✘: it did not hold; `found` (and `diagnosis` for a ping) say what was found. */
  | 'failed'
  /** ☐: not evaluated yet (the step was not verified, or an earlier check failed first). */
  | 'unchecked';

/** One line of what verifies a step: a check as written, or an observation to make. */
export interface CheckView {
  /** 1-based line in the scenario file. */
  line: number;
  /** The check as written (`H1: ping 10.0.2.2 succeeds`), or the observation in words. */
  text: string;
  mark: CheckMark;
  /** What was expected, in words (for a failed check). */
  expected?: string;
  /** What was found, when it failed. */
  found?: string;
  /** For a failed ping: the cause `nslab why` names. */
  diagnosis?: string;
}

/**
 * How far a step is, as the step list shows it: finished by the student's own commands
 * (`done`), by nslab's commands (`solved`: `solve` ran them or *Run* typed them, see
 * {@link StepView.solvedBy}), read (`reading`), or run by nslab to resume the lesson where the
 * student's last session stopped (`fast-forwarded`); else the `current` step or one `pending`.
 */
export type StepMark = 'done' | 'solved' | 'reading' | 'fast-forwarded' | 'current' | 'pending';

/** One step in the page's step list. */
export interface StepView {
  /** 1-based. */
  number: number;
  title: string;
  mark: StepMark;
  /** How the step is verified: its checks, the student's observation, or nothing (`next` reads it). */
  verifiedBy: 'checks' | 'probes' | 'reading';
  /** Its checks or observations, with their marks; [] for a reading step. */
  checks: CheckView[];
  /**
   * A `solved` step: what typed its commands. `solve`: the practice shell's `solve` ran them;
   * `run`: the page's *Run* typed commands into the shell while it was the current step
   * (the page says "solved (Run typed its commands)").
   */
  solvedBy?: 'solve' | 'run';
  /**
   * A finished step (done, solved, fast-forwarded) verified again after the network changed,
   * or by the student's `check`: whether it holds now. `false`: it no longer holds (the credit
   * stays: the step is still finished), and `checks` carry the marks of that verification
   * (✘ with what was found). Absent: not verified since it was finished, and nothing changed.
   */
  holdsNow?: boolean;
  /**
   * A finished step that does not hold now but a later step moved the network past it (its
   * link was moved into a namespace...; verify/superseded.ts): the number of that step. Its
   * failing checks are ✘ (they do not hold), and this says why that is expected.
   */
  supersededBy?: number;
}

/** The lesson as it stands: sent on connect and after every answer of the practice shell. */
export interface LessonState {
  /** The lesson's id in URLs (`l3-router`). */
  lesson: string;
  title: string;
  /** The current step's number; null when every step is finished. */
  current: number | null;
  steps: StepView[];
  /** Increases with every `restart` (a fresh sandbox): the page clears what it showed. */
  generation: number;
}

/** Messages from the server to the page. */
export type ServerMessage =
  /** Who this page is: the `driver` types into the terminal; a `viewer` (a second tab) only watches. */
  | { t: 'hello'; role: 'driver' | 'viewer'; lesson: string }
  /** The terminal's output since the last `out`, or on connect the scrollback kept so far (`replay`). */
  | { t: 'out'; d: string; replay?: boolean }
  /** The lesson's state (see {@link LessonState}). */
  | { t: 'state'; state: LessonState }
  /** The topology as it is now, an SVG document (sent when it changed, and on connect). */
  | { t: 'topology'; svg: string; faults: string[] }
  /** This page's role changed: the driver's tab closed, and this one drives now. */
  | { t: 'role'; role: 'driver' | 'viewer' }
  /**
   * The topology cannot be drawn (Graphviz's `dot` is missing or failed): `reason` says why
   * and what to install, for the topology pane. Sent instead of `topology`; a later `topology`
   * replaces it.
   */
  | { t: 'topology-unavailable'; reason: string }
  /** The session ended (the shell exited, or the server is stopping): the terminal is closed. */
  | { t: 'ended'; reason: string };

/** What a button of the lesson page asks: the practice shell's command of the same name. */
export type LessonAction = 'hint' | 'why' | 'solve' | 'next' | 'restart' | 'status' | 'check' | 'topo' | 'changes';

/** Messages from the page to the server. A viewer's are ignored. */
export type ClientMessage =
  /** Keystrokes, as xterm.js gives them (`onData`). */
  | { t: 'in'; d: string }
  /** The terminal's size in cells, after a fit. */
  | { t: 'resize'; cols: number; rows: number }
  /**
   * *Run* on a command block: the server types the block's commands into the terminal, as if
   * the student had (Killercoda's "click to run"). `block`: its index in the step's `blocks`.
   * `typeOut`: one character at a time, for a room to follow (presenter mode).
   */
  | { t: 'run'; step: number; block: number; typeOut?: boolean }
  /** A button: typed into the terminal as the practice shell's command. `args` for `why` (SRC DST). */
  | { t: 'action'; action: LessonAction; args?: string[] };
