/**
 * One open lesson of `nslab serve`: a `practice()` session whose shell is a pty, relayed to the
 * lesson's pages over their WebSockets. The pty's output is kept (scrollback) so that a page
 * that connects later finds the same terminal; the first page connected drives (types), the
 * others watch; after every answer of the practice shell the pages get the lesson's state, then
 * the topology when it changed. The session ends when the shell exits or the server stops;
 * the lesson's next page starts a new one.
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
import { readTopology } from '../topology/build-topology.js';
import { renderTopologySvg } from '../topology/render-svg.js';
import { commandEnv } from '../util/child-process.js';
import { InterruptedError } from '../util/errors.js';
import { fileIdentity, type FileIdentity } from '../util/file-identity.js';
import type { SessionOutcome } from '../verify/outcome.js';
import { formatProblem } from '../view/terminal/format-problems.js';
import { browserTerminalChalk } from '../view/terminal/browser-terminal-colours.js';
import { createPracticeView } from '../view/terminal/practice-view.js';
import { prepareToRender } from '../view/terminal/render-markdown.js';
import type { ClientMessage, LessonState, ServerMessage } from '../view/web/protocol.js';
import { buildLessonState, freshLessonState } from './lesson-state.js';
import { Scrollback } from './scrollback.js';
import { actionKeystrokes, blockKeystrokes } from './terminal-input.js';

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
  private topologyBusy = false;
  private topologyAgain: PracticeSession | undefined;
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
   * Connects a page: it drives when no other page is connected, else it watches. It gets its
   * role, the terminal so far (`replay`), the state and the topology.
   */
  attach(page: LessonPage): void {
    this.pages.push(page);
    page.send({ t: 'hello', role: this.pages.length === 1 ? 'driver' : 'viewer', lesson: this.options.lesson });
    if (this.scrollback.content) page.send({ t: 'out', d: this.scrollback.content, replay: true });
    if (this.state) page.send({ t: 'state', state: this.state });
    if (this.topology) page.send(this.topology);
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
        if (typeof message.d === 'string') this.pty?.write(message.d);
        return;
      case 'resize': {
        const { cols, rows } = message;
        if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 2 || rows < 1 || cols > 1000 || rows > 1000) return;
        this.size = { cols, rows };
        this.pty?.resize(cols, rows);
        return;
      }
      case 'run': {
        const keys = this.scenario && blockKeystrokes(this.scenario, message.step, message.block);
        if (keys) this.type(keys, message.typeOut === true);
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

  /** Types text into the shell, after what is being typed already; `slowly`: one character at a time. */
  private type(keys: string, slowly: boolean): void {
    this.typing = this.typing.then(async () => {
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
    if (event.kind === 'start' && event.restarted && this.scenario) {
      this.generation++;
      this.scrollback.clear();
      this.topologyJson = undefined;
      this.topology = undefined;
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

  /** After the session began and after each answer: the state to every page, then the topology. */
  private onState(session: PracticeSession): void {
    this.session = session;
    this.state = buildLessonState({
      lesson: this.options.lesson, scenario: session.scenario, outcome: session.outcome(),
      current: session.currentStep?.number ?? null, generation: this.generation,
    });
    this.broadcast({ t: 'state', state: this.state });
    void this.refreshTopology(session);
  }

  /**
   * Reads the topology and sends it when it changed; one read at a time, the latest request
   * served after the running one (a burst of commands costs two reads, not one each).
   */
  private async refreshTopology(session: PracticeSession): Promise<void> {
    if (this.topologyBusy) {
      this.topologyAgain = session;
      return;
    }
    this.topologyBusy = true;
    try {
      const graph = await readTopology(session.context.exec);
      const json = JSON.stringify(graph);
      if (json !== this.topologyJson && !this.ended) {
        const svg = await renderTopologySvg(graph);
        this.topologyJson = json;
        this.topology = { t: 'topology', svg, faults: graph.faults.map((f) => f.message) };
        this.broadcast(this.topology);
      }
    } catch {
      // The sandbox closed meanwhile, or Graphviz is missing: the page keeps its last drawing.
    } finally {
      this.topologyBusy = false;
    }
    const again = this.topologyAgain;
    this.topologyAgain = undefined;
    if (again) await this.refreshTopology(again);
  }
}
