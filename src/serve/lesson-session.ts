/**
 * One open lesson of `nslab serve`: a `practice()` session whose shell is a pty, relayed to the
 * lesson's pages over their WebSockets. The pty's output is kept (scrollback) so that a page
 * that connects later finds the same terminal; the first page connected drives (types), the
 * others watch; after every answer of the practice shell the pages get the lesson's state, then
 * the topology when it changed, then, when the network changed, the state again with the
 * finished steps checked anew (a step that no longer holds is marked so: the page never shows
 * a ✔ that does not hold now). The session ends when the shell exits or the server stops;
 * the lesson's next page starts a new one, and until then the ended session's report stays.
 */
import { spawn, type IPty } from '@lydell/node-pty';
import { loadLintedScenario } from '../lint/load-linted-scenario.js';
import { practice } from '../practice/practice.js';
import type { PracticeSession } from '../practice/practice-session.js';
import type { PracticeEvent } from '../practice/events.js';
import { openProgressStore } from '../progress/progress-store.js';
import { findResumePoint } from '../progress/resume-point.js';
import type { Sandbox } from '../sandbox/types.js';
import type { Scenario } from '../scenario/model.js';
import { ScenarioError } from '../scenario/problem.js';
import { buildTopology } from '../topology/build-topology.js';
import { readNetworkState } from '../topology/network-state.js';
import { renderTopologySvg } from '../topology/render-svg.js';
import { commandEnv } from '../util/child-process.js';
import { InterruptedError } from '../util/errors.js';
import { fileIdentity, type FileIdentity } from '../util/file-identity.js';
import type { SessionOutcome } from '../verify/outcome.js';
import { verificationOf } from '../verify/verify-step.js';
import { formatProblem } from '../view/terminal/format-problems.js';
import { browserTerminalChalk } from '../view/terminal/browser-terminal-colours.js';
import { createPracticeView } from '../view/terminal/practice-view.js';
import { prepareToRender } from '../view/terminal/render-markdown.js';
import type { ClientMessage, LessonState, ServerMessage } from '../view/web/protocol.js';
import { buildLessonState, freshLessonState, type Recheck } from './lesson-state.js';
import { Scrollback } from './scrollback.js';
import { actionKeystrokes, blockInput } from './terminal-input.js';

/** One page connected to the lesson: where its messages go. */
export interface LessonPage {
  send(message: ServerMessage): void;
  /** Closes its WebSocket (the session ended). */
  close(): void;
}

/** When and from what file a session started: what the progress store records it under. */
export interface SessionStart {
  identity: FileIdentity;
  started: Date;
}

/**
 * Called once a session has ended with an outcome (the shell exited, or the server stopped):
 * records it as `nslab practice` does (cli/run-session.ts `endSession`, mode practice).
 * @param interrupted the server was stopping (a signal), not the student's `exit`
 */
export type SessionEndHook = (scenario: Scenario, outcome: SessionOutcome, start: SessionStart, interrupted: boolean) => Promise<void>;

/** What a lesson session needs. */
export interface LessonSessionOptions {
  /** The lesson's id in URLs. */
  lesson: string;
  /** Its scenario file. */
  file: string;
  onSessionEnd?: SessionEndHook;
  /** Called once the session has ended and its pages were told. */
  onEnded?: () => void;
  /** The Graphviz program that draws the topology (default `dot` from PATH; topology/render-svg.ts). */
  dot?: string;
}

/** Typing speed of *Run* with `typeOut` (presenter mode): one character each this many ms. */
const TYPE_OUT_MS = 25;

/** The terminal's size until the driving page says its own. */
const DEFAULT_SIZE = { cols: 80, rows: 24 };

/** A lesson session (see the module comment). */
export class LessonSession {
  private readonly pages: LessonPage[] = [];
  private readonly scrollback = new Scrollback();
  private readonly abort = new AbortController();
  private generation = 0;
  private scenario: Scenario | undefined;
  private state: LessonState | undefined;
  private topology: Extract<ServerMessage, { t: 'topology' }> | undefined;
  /** The graph last sent, as JSON: a redraw only when it changed. */
  private topologyJson: string | undefined;
  /** Why the topology could not be drawn, as last sent; undefined when it could. */
  private topologyProblem: Extract<ServerMessage, { t: 'topology-unavailable' }> | undefined;
  private backgroundBusy = false;
  private backgroundAgain: PracticeSession | undefined;
  /** The latest check of every step (the server's after a change, or the student's `check`). */
  private recheck: Recheck | undefined;
  /** The network state (JSON) the latest recheck was made in, or found with nothing to recheck. */
  private recheckedState: string | undefined;
  /** The outcome practice returned when the session ended: its report from then on. */
  private finalOutcome: SessionOutcome | undefined;
  private endedAt: Date | undefined;
  private pty: IPty | undefined;
  private size = { ...DEFAULT_SIZE };
  private typing: Promise<void> = Promise.resolve();
  private session: PracticeSession | undefined;
  private endedReason: string | undefined;
  private start: SessionStart | undefined;
  /** Settles when the session has ended, its sandbox closed and its outcome recorded. */
  readonly done: Promise<void>;

  constructor(private readonly options: LessonSessionOptions) {
    this.done = this.run();
  }

  /** True once the session has ended: the lesson's next page starts a new one. */
  get ended(): boolean {
    return this.endedReason !== undefined;
  }

  /** The practice session as it stands (for the report); undefined before it has begun. */
  get practiceSession(): PracticeSession | undefined {
    return this.session;
  }

  /** The file and time the session started from, once known. */
  get sessionStart(): SessionStart | undefined {
    return this.start;
  }

  /**
   * What the lesson's report is made of: the session as it stands, or once ended its final
   * outcome (the current step verified in full at the end) and when it ended; undefined before
   * the session has begun.
   */
  reportSource(): { outcome: SessionOutcome; start: SessionStart; finished: Date } | undefined {
    if (!this.start) return undefined;
    if (this.finalOutcome) return { outcome: this.finalOutcome, start: this.start, finished: this.endedAt ?? new Date() };
    if (!this.session) return undefined;
    return { outcome: this.session.outcome(), start: this.start, finished: new Date() };
  }

  /**
   * Connects a page: it drives when no other page is connected, else it watches. It gets its
   * role, the terminal so far (`replay`), the state and the topology.
   */
  attach(page: LessonPage): void {
    this.pages.push(page);
    page.send({ t: 'hello', role: this.pages.length === 1 ? 'driver' : 'viewer', lesson: this.options.lesson });
    if (this.scrollback.content) page.send({ t: 'out', d: this.scrollback.content, replay: true });
    if (this.state) page.send({ t: 'state', state: this.state });
    if (this.topology) page.send(this.topology);
    if (this.topologyProblem) page.send(this.topologyProblem);
    if (this.endedReason !== undefined) page.send({ t: 'ended', reason: this.endedReason });
  }

  /** Disconnects a page; when it drove, the page connected longest drives now. */
  detach(page: LessonPage): void {
    const index = this.pages.indexOf(page);
    if (index < 0) return;
    this.pages.splice(index, 1);
    if (index === 0 && this.pages.length > 0) this.pages[0]!.send({ t: 'role', role: 'driver' });
  }

  /** A message from a page; a watching page's are ignored (it is read-only). */
  receive(page: LessonPage, message: ClientMessage): void {
    if (this.pages[0] !== page) return;
    switch (message.t) {
      case 'in':
        if (typeof message.d !== 'string') return;
        // Ctrl-C: the terminal throws away input not read yet (ISIG), Run's typed commands too.
        if (message.d.includes('\x03')) this.session?.typedInputFlushed();
        this.pty?.write(message.d);
        return;
      case 'resize': {
        const { cols, rows } = message;
        if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 2 || rows < 1 || cols > 1000 || rows > 1000) return;
        this.size = { cols, rows };
        this.pty?.resize(cols, rows);
        return;
      }
      case 'run': {
        const input = this.scenario && blockInput(this.scenario, message.step, message.block);
        // nslab types these, not the student: the step they finish is solved, not done (docs/serve.md).
        if (input) this.type(input.keys, message.typeOut === true, () => this.session?.nslabTyped(input.commands));
        return;
      }
      case 'action': {
        const keys = actionKeystrokes(message.action, Array.isArray(message.args) ? message.args.filter((a) => typeof a === 'string') : []);
        if (keys) this.type(keys, false);
        return;
      }
    }
  }

  /** Ends the session (the server is stopping): its shell is hung up, its sandbox closed. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  /**
   * Types text into the shell, after what is being typed already; `slowly`: one character at a
   * time. `starting`: called just before the first key goes in.
   */
  private type(keys: string, slowly: boolean, starting?: () => void): void {
    this.typing = this.typing.then(async () => {
      starting?.();
      if (!slowly) return this.pty?.write(keys);
      for (const ch of keys) {
        if (!this.pty) return;
        this.pty.write(ch);
        await new Promise((r) => setTimeout(r, TYPE_OUT_MS));
      }
    });
  }

  private broadcast(message: ServerMessage): void {
    for (const page of this.pages) page.send(message);
  }

  /** The terminal's output: kept, and sent to every page. */
  private output(data: string): void {
    this.scrollback.append(data);
    this.broadcast({ t: 'out', d: data });
  }

  private async run(): Promise<void> {
    const c = browserTerminalChalk();
    // What practice shows outside the shell is written as to a terminal in raw mode: \r\n.
    const write = (text: string) => this.output(text.replace(/\r?\n/g, '\r\n'));
    let reason = 'the shell exited';
    try {
      const { scenario } = await loadLintedScenario(this.options.file);
      await prepareToRender(scenario, { titles: true });
      this.scenario = scenario;
      const start: SessionStart = { identity: await fileIdentity(this.options.file), started: new Date() };
      this.start = start;
      const resumeAt = await this.resumePoint(start.identity, scenario.steps.length);
      const view = createPracticeView(c, () => this.size.cols);
      const outcome = await practice(scenario, {
        render: (event) => this.render(event, view),
        write,
        signal: this.abort.signal,
        resumeAt,
        shell: (sandbox, bashArgv) => this.shell(sandbox, bashArgv),
        onState: (session) => this.onState(session),
      });
      this.finalOutcome = outcome;
      this.endedAt = new Date();
      if (this.abort.signal.aborted) reason = 'the server is stopping';
      await this.options.onSessionEnd?.(scenario, outcome, start, this.abort.signal.aborted).catch((error: Error) => write(c.yellow(`warning: the session was not recorded: ${error.message}`) + '\n'));
    } catch (error) {
      if (error instanceof InterruptedError) reason = 'the server is stopping';
      else {
        const problems = error instanceof ScenarioError ? error.problems.map((p) => formatProblem(p, c)).join('\n') : `${c.red('cannot run')}: ${(error as Error).message}`;
        write(problems + '\n');
        reason = error instanceof ScenarioError ? 'the lesson has errors' : (error as Error).message;
      }
    }
    this.endedReason = reason;
    this.broadcast({ t: 'ended', reason });
    for (const page of this.pages.splice(0)) page.close();
    this.options.onEnded?.();
  }

  /**
   * Where the session starts: the first step the student's latest practice of this version did
   * not finish (progress/resume-point.ts), as `practice --resume` does; practice says so.
   */
  private async resumePoint(identity: FileIdentity, total: number): Promise<number> {
    try {
      const decision = await findResumePoint(await openProgressStore(), identity, total);
      return decision.resume ? decision.at : 1;
    } catch {
      // An unreadable store is no reason not to practise: from the start.
      return 1;
    }
  }

  /** Renders an event; a restart (a fresh sandbox) starts the terminal and the marks over. */
  private render(event: PracticeEvent, view: (e: PracticeEvent) => string): string {
    // The student's `check`: the freshest word on the finished steps (sent with the next state).
    if (event.kind === 'check' && this.session) this.recheck = { outcome: event.outcome, finished: this.session.finishedSteps() };
    if (event.kind === 'start' && event.restarted && this.scenario) {
      this.generation++;
      this.scrollback.clear();
      this.topologyJson = undefined;
      this.topology = undefined;
      this.topologyProblem = undefined;
      this.recheck = undefined;
      this.recheckedState = undefined;
      this.state = freshLessonState(this.options.lesson, this.scenario, this.generation);
      this.broadcast({ t: 'state', state: this.state });
      this.output(`\x1b[2m-- restarted: a fresh sandbox (restart ${this.generation}) --\x1b[0m\r\n`);
    }
    return view(event);
  }

  /** Practice's shell: bash in the sandbox on a pty the size of the driving page's terminal. */
  private shell(sandbox: Sandbox, bashArgv: string[]): Promise<void> {
    const argv = [...sandbox.enter!, ...bashArgv];
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const pty = spawn(argv[0]!, argv.slice(1), { name: 'xterm-256color', ...this.size, cwd: '/', env: { ...commandEnv(), TERM: 'xterm-256color' } as Record<string, string> });
      this.pty = pty;
      pty.onData((data) => this.output(data));
      // As practice's own shell: a hangup, which bash passes on to its jobs (bash(1), SIGNALS).
      const onAbort = () => pty.kill('SIGHUP');
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      pty.onExit(() => {
        signal.removeEventListener('abort', onAbort);
        this.pty = undefined;
        resolve();
      });
    });
  }

  /**
   * After the session began and after each answer: the state to every page, then (in the
   * background) the topology and the finished steps checked anew.
   */
  private onState(session: PracticeSession): void {
    if (session !== this.session) {
      // A new session (a restart): nothing checked in the old sandbox holds for this one.
      this.recheck = undefined;
      this.recheckedState = undefined;
    }
    this.session = session;
    this.sendState(session);
    void this.refreshInBackground(session);
  }

  /** Builds the state from the session and the latest recheck, and sends it when it changed (or `always`). */
  private sendState(session: PracticeSession, always = true): void {
    const state = buildLessonState({
      lesson: this.options.lesson, scenario: session.scenario, outcome: session.outcome(),
      current: session.currentStep?.number ?? null, generation: this.generation, recheck: this.recheck,
    });
    if (!always && JSON.stringify(state) === JSON.stringify(this.state)) return;
    this.state = state;
    this.broadcast({ t: 'state', state });
  }

  /**
   * Reads the network once, then sends the topology when it changed, and re-checks the finished
   * steps when the network changed since they were last checked. One pass at a time, the
   * latest request served after the running one (a burst of commands costs two passes, not one
   * each).
   */
  private async refreshInBackground(session: PracticeSession): Promise<void> {
    if (this.backgroundBusy) {
      this.backgroundAgain = session;
      return;
    }
    this.backgroundBusy = true;
    try {
      const network = await readNetworkState(session.context.exec);
      await this.refreshTopology(buildTopology(network));
      await this.recheckFinished(session, JSON.stringify(network));
    } catch {
      // The sandbox closed meanwhile: nothing left to show.
    } finally {
      this.backgroundBusy = false;
    }
    const again = this.backgroundAgain;
    this.backgroundAgain = undefined;
    if (again) await this.refreshInBackground(again);
  }

  /**
   * Sends the topology when the graph changed. When Graphviz cannot draw it (`dot` missing or
   * failing), the pages are told why, once per reason, and keep their last drawing.
   */
  private async refreshTopology(graph: ReturnType<typeof buildTopology>): Promise<void> {
    const json = JSON.stringify(graph);
    if (json === this.topologyJson || this.ended) return;
    let svg: string;
    try {
      svg = await renderTopologySvg(graph, this.options.dot);
    } catch (error) {
      const reason = (error as Error).message;
      if (this.topologyProblem?.reason !== reason && !this.ended) {
        this.topologyProblem = { t: 'topology-unavailable', reason };
        this.broadcast(this.topologyProblem);
      }
      return;
    }
    if (this.ended) return;
    this.topologyJson = json;
    this.topologyProblem = undefined;
    this.topology = { t: 'topology', svg, faults: graph.faults.map((f) => f.message) };
    this.broadcast(this.topology);
  }

  /**
   * Checks every step again (as the shell's `check`) when the network changed since the last
   * check and some step with something to verify is finished; sends the state when a mark
   * changed. A step finished since the last check needs none: it held when finished, and its
   * own verification is the newer.
   * @param network the network state now, as JSON
   */
  private async recheckFinished(session: PracticeSession, network: string): Promise<void> {
    if (network === this.recheckedState) return;
    const verified = new Set(session.scenario.steps.filter((s) => verificationOf(s) !== 'reading').map((s) => s.number));
    if ([...session.finishedSteps()].some((n) => verified.has(n))) {
      const recheck = await session.checkNow();
      // A restart or the end came meanwhile: this check is of a sandbox the pages no longer show.
      if (session !== this.session || this.ended) return;
      this.recheck = recheck;
      this.sendState(session, false);
    }
    this.recheckedState = network;
  }
}
