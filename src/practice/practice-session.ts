/**
 * One practice session's state and its answers to the shell's requests: which step the
 * student is on, which are finished and how, hints shown, times. The sandbox around it is
 * `practice.ts`'s; this module only reads its state (`exec`) and, for `solve` and a resume's
 * fast-forward, runs steps' commands in nslab's own shell session inside it.
 */
import type { CheckSession } from '../check/evaluate-context.js';
import type { ExitedServer, WhyResult } from '../diagnose/types.js';
import type { Scenario, Step } from '../scenario/model.js';
import type { Exec, ShellSession } from '../sandbox/types.js';
import type { SessionVariables } from '../check/session-variables.js';
import { variablesOfChecks, readShellVariables } from '../run/read-session-variables.js';
import { BackgroundLedger } from '../run/background-ledger.js';
import { checksOf, runStep, type StepContext } from '../run/run-step.js';
import { readTopology } from '../topology/build-topology.js';
import { readNetworkState, type NetworkState } from '../topology/network-state.js';
import { checkScenario } from '../verify/check-scenario.js';
import type { SessionDiagnosis, SessionOutcome, StepOutcome, StepOutcomeStatus, VerificationItem } from '../verify/outcome.js';
import { verificationOf, verifyStep } from '../verify/verify-step.js';
import { creditedObservations, describeObservation, ObservationWatch, type CommandRecord } from './earned-credit.js';
import { isObservationStep } from '../run/observation-step.js';
import type { PracticeListener } from './events.js';
import { solveStep } from './solve-step.js';
import { stuckHint } from './stuck-hint.js';

/** How far a step is. `pending`: not finished (the current step, or one after it). */
type Progress = 'pending' | 'done' | 'solved' | 'reading';

interface StepState {
  progress: Progress;
  /** Finished by a resume's fast-forward: nslab ran its commands (it was finished in an earlier session). */
  fastForwarded?: boolean;
  hintsShown: number;
  startedAt?: number;
  finishedAt?: number;
  /** The items of its last verification. */
  items: VerificationItem[];
  /** The `why` diagnoses asked while it was the current step. */
  diagnoses: SessionDiagnosis[];
  /** `solve` ran some of its commands: finished later by the student, it is still not theirs alone. */
  solveRan?: boolean;
  /** nslab typed commands into the student's shell during it (`nslab serve`'s *Run*): likewise. */
  nslabTyped?: boolean;
}

/** What ran a solved step's commands: `solve`, or only `nslab serve`'s *Run* typing them. */
function solvedBy(state: StepState): 'solve' | 'run' {
  return state.nslabTyped && !state.solveRan ? 'run' : 'solve';
}

/** What a session needs from the sandbox it runs in. */
export interface SessionContext {
  exec: Exec;
  /** nslab's own shell session in the sandbox, for `solve`. */
  shell: ShellSession;
  /**
   * The command the student ran last, as the prompt recorded it (bash's history); undefined
   * when unknown. Read only on an observation step.
   */
  lastCommand?: () => string | undefined;
  /**
   * The student's shell's values of the variables the checks use, as its prompt last wrote them
   * (rcfile.ts): name → value of those that are set. Undefined when unknown.
   */
  studentVariables?: () => ReadonlyMap<string, string> | undefined;
}

/** Where a check's variables come from in practice, for `$ADDR is not set in ...`. */
const STUDENT_SHELL = 'your shell';

/** A practice session (see the module comment). */
export class PracticeSession {
  private readonly states: StepState[];
  private current = 0;
  private lastHistory: string | undefined;
  /** zx checks said to have run into their limit after a command (by line): said once each. */
  private readonly slowChecksSaid = new Set<number>();
  /** On an observation step: what the student's commands are judged against (earned-credit.ts). */
  private watch: ObservationWatch | undefined;
  /** The state when the current step was shown (the previous one completed): what `changes` compares with. */
  private baseline: NetworkState | undefined;
  /** The number of the step completed last; undefined before any. */
  private lastFinished: number | undefined;
  private readonly startedAt = Date.now();
  /** The `background` commands nslab started in its shell session (`solve`, a resume's fast-forward), and those that died. */
  private readonly background = new BackgroundLedger();
  /** What the checks know beyond the state: the servers of {@link background} that exited. */
  private readonly checkSession: CheckSession = { exitedServers: () => this.exitedServers() };
  /**
   * How many commands nslab typed into the student's shell (*Run*) have not come back to the
   * prompt yet: a step shown meanwhile is one they may have made hold.
   */
  private typedPending = 0;
  /** During afterCommand: the command that just ran was one nslab typed. */
  private typedCommandRan = false;
  /** The latest {@link checkNow}, settled when it has ended (never rejects). */
  private checking: Promise<unknown> = Promise.resolve();
  /** Set by `restart`: the shell exits, and the caller starts over in a fresh sandbox. */
  restartRequested = false;
  /** Set by the caller when the shell ended by a hangup (the terminal closed), not by `exit`. */
  hungUp = false;

  constructor(
    readonly scenario: Scenario,
    readonly context: SessionContext,
    private readonly emit: PracticeListener,
  ) {
    this.states = scenario.steps.map(() => ({ progress: 'pending', hintsShown: 0, items: [], diagnoses: [] }));
  }

  /** The step the student is on; undefined when every step is finished. */
  get currentStep(): Step | undefined {
    return this.scenario.steps[this.current];
  }

  /** The prompt's step part: `3/8`, or `done`. */
  get prompt(): string {
    return this.currentStep ? `${this.current + 1}/${this.scenario.steps.length}` : 'done';
  }

  /**
   * Shows the introduction (a `start` event), fast-forwards to `resumeAt` when asked, and shows
   * the current step (`step-shown`).
   * @param restarted after `restart`: a fresh sandbox, back at step 1
   * @param resumeAt the step number to resume at: the steps before it are fast-forwarded as
   *   `run --from` does (their commands run quietly in nslab's shell session, a failure stops
   *   there and that step becomes the current one); a `resumed` event says how far it got
   */
  async begin(restarted: boolean, resumeAt = 1): Promise<void> {
    this.emit({ kind: 'start', scenario: this.scenario, restarted });
    if (resumeAt > 1) await this.fastForward(resumeAt);
    await this.show();
  }

  private async fastForward(resumeAt: number): Promise<void> {
    const total = this.scenario.steps.length;
    this.emit({ kind: 'resuming', at: resumeAt });
    for (const step of this.scenario.steps.slice(0, resumeAt - 1)) {
      const result = await runStep(step, 1, { ...this.stepContext(() => {}), fastForward: true });
      if (result.status !== 'passed') {
        this.emit({ kind: 'resumed', at: step.number, asked: resumeAt, failed: result });
        return;
      }
      const state = this.states[this.current]!;
      state.progress = 'done';
      state.fastForwarded = true;
      state.startedAt = state.finishedAt = Date.now();
      this.lastFinished = step.number;
      this.current++;
    }
    this.emit({ kind: 'resumed', at: Math.min(resumeAt, total + 1), asked: resumeAt });
  }

  /** What running a step in nslab's shell session needs (`solve`, fast-forward). */
  private stepContext(emit: StepContext['emit']): StepContext {
    return {
      sandbox: { kind: 'private', exec: this.context.exec, openShell: async () => this.context.shell, close: async () => {} },
      shell: this.context.shell,
      emit,
      defaultTimeoutMs: this.scenario.meta.timeoutMs,
      background: this.background,
    };
  }

  /**
   * The `background` commands nslab started in its shell session that have ended by themselves,
   * for the checks and `why --tcp` to name a dead server by (the student's own `&` jobs are
   * their shell's, and not seen). An end is noted with the current step.
   */
  async exitedServers(): Promise<readonly ExitedServer[]> {
    const at = this.currentStep?.number ?? this.scenario.steps.length;
    for (const exit of await this.context.shell.backgroundEnded()) this.background.exit(exit, at);
    return this.background.exited;
  }

  /**
   * Shows the current step, after verifying it once on arrival (docs/practice.md, "Earned
   * credit"): a step that shows something — every command read-only, or verified by probes
   * that already hold — becomes an observation step, done only by the student's own
   * observation; a step whose checks already hold was made to hold by the student's earlier
   * commands (a scenario that passes `nslab test` has no step whose checks hold before its
   * commands run), and is done at once.
   */
  private async show(): Promise<void> {
    // Read before the step is shown, so the student's next command cannot be in it.
    this.baseline = await readNetworkState(this.context.exec).catch(() => undefined);
    this.watch = undefined;
    const step = this.currentStep;
    if (!step) return this.emit({ kind: 'all-finished', outcome: this.outcome() });
    this.states[this.current]!.startedAt ??= Date.now();
    // nslab's typed commands are still to run: the student may not have typed any of this step's.
    if (this.typedPending > 0) this.states[this.current]!.nslabTyped = true;
    const by = verificationOf(step);
    const observations = by === 'probes' ? creditedObservations(step) : [];
    const looksOnly = observations.length > 0 && isObservationStep(step);
    // What may already hold by the student's earlier commands; a step that only looks needs no verifying.
    const holds = !looksOnly && (by === 'checks' || observations.length > 0) && (await this.verify(true)).holds;
    if (looksOnly || (observations.length > 0 && holds)) {
      // A check of every step still running (`nslab serve` re-checks in the background) pings:
      // its packets must not be in the counters the student's observation is judged by.
      await this.checking;
      this.watch = await ObservationWatch.start(observations, this.context.exec, { defaultTimeoutMs: this.scenario.meta.timeoutMs });
      this.emit({ kind: 'step-shown', step, total: this.scenario.steps.length, observe: observations.map(describeObservation) });
      return;
    }
    this.emit({ kind: 'step-shown', step, total: this.scenario.steps.length });
    if (!holds) return;
    // Held on arrival by the command nslab typed that finished the step before.
    if (this.typedCommandRan) this.states[this.current]!.nslabTyped = true;
    await this.finish('done', true);
  }

  /**
   * Completes the current step and shows the next.
   * @param already `done` on arrival: the student's earlier commands made it hold
   */
  private async finish(how: Exclude<Progress, 'pending'>, already = false): Promise<void> {
    const step = this.currentStep!;
    const state = this.states[this.current]!;
    // Part of it was nslab's doing: the credit must not say the student did it all.
    if (how === 'done' && (state.solveRan || state.nslabTyped)) how = 'solved';
    state.progress = how;
    state.finishedAt = Date.now();
    this.lastFinished = step.number;
    const byRun = how === 'solved' && solvedBy(state) === 'run';
    this.emit({ kind: 'step-finished', step, how, ...(already && { already }), ...(byRun && { byRun }) });
    this.current++;
    await this.show();
  }

  /** `topo`: the sandbox's topology as it is now. */
  async topo(): Promise<void> {
    this.emit({ kind: 'topology', graph: await readTopology(this.context.exec) });
  }

  /**
   * `changes`: what changed in the sandbox since the previous step was completed (or since the
   * session began, or was resumed): the student's commands of the current step, and any since.
   */
  async changes(): Promise<void> {
    const after = await readNetworkState(this.context.exec);
    this.emit({ kind: 'changes', before: this.baseline ?? after, after, since: this.lastFinished });
  }

  private async verify(failFast: boolean) {
    const step = this.currentStep!;
    const variables = await this.variables(checksOf(step));
    const v = await verifyStep(step, this.context.exec, { defaultTimeoutMs: this.scenario.meta.timeoutMs, failFast, diagnose: !failFast, variables, session: this.checkSession });
    this.states[this.current]!.items = v.items;
    return v;
  }

  /**
   * The values of the variables checks use: the student's shell's; for one it has not set, the
   * value of nslab's own shell, where `solve` and a resume's fast-forward ran a step's commands.
   */
  private async variables(checks: Parameters<typeof variablesOfChecks>[0]): Promise<SessionVariables> {
    const names = variablesOfChecks(checks);
    const student = this.context.studentVariables?.() ?? new Map<string, string>();
    const missing = names.filter((n) => !student.has(n));
    const own = missing.length > 0 ? await readShellVariables(this.context.shell, missing) : undefined;
    const values = new Map([...(own?.available ? own.values : []), ...student]);
    return { available: true, values, where: STUDENT_SHELL };
  }

  /**
   * The check after a command: when a command was entered since the last one (`history`, the
   * shell's `$HISTCMD`, changed) and the current step holds, it is done and the next one is
   * shown; otherwise nothing is emitted. Stops at the first failing item: quiet costs little.
   * On an observation step the command itself is judged instead (earned-credit.ts): done when
   * it made one of the step's observations; a line says why not when it observed the same
   * thing with another outcome.
   * @param statuses the command's exit statuses (bash's PIPESTATUS), as the prompt sent them
   */
  async afterCommand(history: string, statuses: readonly number[] = []): Promise<void> {
    if (history === this.lastHistory) return;
    this.lastHistory = history;
    this.typedCommandRan = this.typedPending > 0;
    if (this.typedPending > 0) this.typedPending--;
    try {
      await this.verifyAfterCommand(statuses);
    } finally {
      this.typedCommandRan = false;
    }
  }

  /**
   * nslab is typing `commands` commands into the student's shell (`nslab serve`'s *Run*): the
   * current step, and any step shown before they have all come back to the prompt, count as
   * `solved` when finished (as after `solve`): the credit is for what the student typed.
   * @param commands how many commands (prompts) the typed text holds; at least 1
   */
  nslabTyped(commands = 1): void {
    const state = this.states[this.current];
    if (state) state.nslabTyped = true;
    this.typedPending += Math.max(1, commands);
  }

  /**
   * The typed input not read yet was thrown away (Ctrl-C flushes the terminal's input queue,
   * termios(3) ISIG): no more of nslab's typed commands will come back to the prompt.
   */
  typedInputFlushed(): void {
    this.typedPending = 0;
  }

  private async verifyAfterCommand(statuses: readonly number[]): Promise<void> {
    const step = this.currentStep;
    if (!step || verificationOf(step) === 'reading') return;
    if (this.watch) return this.judgeObservation(step, statuses);
    const verification = await this.verify(true);
    if (verification.holds) return this.finish('done');
    this.sayTimedOutCheck(step, verification.items);
  }

  /**
   * A zx check that ran into its limit holds up every command of the step by that limit, with
   * nothing on the screen: said once per check, so the student knows the wait is not theirs.
   */
  private sayTimedOutCheck(step: Step, items: readonly VerificationItem[]): void {
    for (const check of checksOf(step)) {
      const { predicate } = check;
      if (predicate.kind !== 'zx' || this.slowChecksSaid.has(check.line)) continue;
      const item = items.find((i) => i.source === 'check' && i.line === check.line);
      if (!item || item.passed || item.durationMs < predicate.timeoutMs) continue;
      this.slowChecksSaid.add(check.line);
      this.emit({ kind: 'slow-check', step, line: check.line, text: check.source, limitMs: predicate.timeoutMs });
    }
  }

  private async judgeObservation(step: Step, statuses: readonly number[]): Promise<void> {
    const text = this.context.lastCommand?.();
    const record: CommandRecord | undefined = text === undefined ? undefined : { text, statuses: [...statuses] };
    const judgement = await this.watch!.judge(record);
    if (judgement.credited) {
      this.states[this.current]!.items = [judgement.item];
      return this.finish('done');
    }
    if (judgement.observation) this.emit({ kind: 'observation-missed', step, observation: describeObservation(judgement.observation), why: judgement.why });
  }

  /**
   * `next`: completes a reading step; on an observation step, says what the student still has
   * to observe; on any other step, says what does not hold yet.
   */
  async next(): Promise<void> {
    const step = this.currentStep;
    if (!step) return;
    if (verificationOf(step) === 'reading') return this.finish('reading');
    if (this.watch) return this.emit({ kind: 'observe', step, observe: this.watch.observations.map(describeObservation) });
    const verification = await this.verify(false);
    if (verification.holds) await this.finish('done');
    else this.emit({ kind: 'not-yet', step, verification, asked: 'next' });
  }

  /**
   * `hint`: the current step's next written hint, one at a time; when none is left, what does
   * not hold yet, from a full verification (`stuckHint`).
   */
  async hint(): Promise<void> {
    const step = this.currentStep;
    if (!step) return;
    const state = this.states[this.current]!;
    const hint = step.hints[state.hintsShown];
    if (hint) state.hintsShown++;
    const verification = hint || verificationOf(step) === 'reading' ? undefined : await this.verify(false);
    const stuck = hint ? undefined : stuckHint(step, verification, this.scenario);
    this.emit({ kind: 'hint', step, hint, index: state.hintsShown, total: step.hints.length, ...(stuck && { stuck }) });
  }

  /**
   * `solve`: runs what is left of the current step in nslab's shell session, from wherever the
   * student got to (`solveStep`: a command whose effect already holds is not run again), says
   * what it did, then verifies the step: solved when it holds.
   */
  async solve(): Promise<void> {
    const step = this.currentStep;
    if (!step) return;
    const commands = await solveStep(step, {
      exec: this.context.exec, shell: this.context.shell, defaultTimeoutMs: this.scenario.meta.timeoutMs,
      emitRun: (event) => this.emit({ kind: 'run', event }),
      emitSkipped: (shown, solved) => this.emit({ kind: 'solve-skipped', step: shown, solved }),
      background: this.background,
    });
    this.emit({ kind: 'solve-end', step, commands });
    if (commands.some((c) => c.how === 'ran' || c.how === 'failed')) this.states[this.current]!.solveRan = true;
    if (verificationOf(step) === 'reading') return this.finish('solved');
    const verification = await this.verify(false);
    if (verification.holds) await this.finish('solved');
    else this.emit({ kind: 'not-yet', step, verification, asked: 'solve' });
  }

  /**
   * At the end of the session, before the sandbox goes: verifies the current step in full
   * (every item, a failed ping with its diagnosis), so that the report says what was still
   * missing, not only the first item the quick after-command check stopped at.
   */
  async conclude(): Promise<void> {
    const step = this.currentStep;
    if (step && verificationOf(step) !== 'reading') await this.verify(false);
  }

  /** `status`: the progress table. */
  status(): void {
    this.emit({ kind: 'status', outcome: this.outcome(), current: this.currentStep?.number });
  }

  /**
   * Keeps a diagnosis the student asked for (`why`) with the current step, for the report: a
   * teacher reading it sees where the student was stuck and what nslab told them.
   */
  recordDiagnosis(result: WhyResult): void {
    const state = this.states[this.current];
    if (!state) return;
    state.diagnoses.push({
      src: result.src ?? 'host', dst: result.dst, clear: result.ok,
      ...(result.explanation && { because: result.explanation.because }),
      ...(result.explanation?.fix !== undefined && { fix: result.explanation.fix }),
      at: Date.now(),
    });
  }

  /** `check`: every step against the sandbox's state, as `nslab check` does. */
  async check(): Promise<void> {
    this.emit({ kind: 'check', outcome: (await this.checkNow()).outcome });
  }

  /**
   * Every step against the sandbox's state now, as `check` does (verify/check-scenario.ts with
   * the steps finished in this session), without saying anything: what `nslab serve` shows of
   * the finished steps after the network changed.
   * @returns the check's outcome (a finished step that no longer holds: `failed`,
   *   `finishedEarlier`) and the numbers of the steps finished when it was made
   */
  async checkNow(): Promise<{ outcome: SessionOutcome; finished: ReadonlySet<number> }> {
    const run = (async () => {
      const variables = await this.variables(this.scenario.steps.flatMap(checksOf));
      const finished = this.finishedSteps();
      return { outcome: await checkScenario(this.scenario, { exec: this.context.exec, where: 'private', variables, finished }), finished };
    })();
    this.checking = run.catch(() => undefined);
    return run;
  }

  /**
   * True while the current step is an observation step whose judging reads ping counters
   * (earned-credit.ts): a ping nslab sends meanwhile would be counted as the student's.
   */
  get observing(): boolean {
    return this.watch !== undefined;
  }

  /** The numbers of the steps finished in this session (done, solved, read, fast-forwarded). */
  finishedSteps(): Set<number> {
    return new Set(this.scenario.steps.filter((_, i) => this.states[i]!.progress !== 'pending').map((step) => step.number));
  }

  /**
   * The session as it stands: finished steps as they were finished, the current step
   * `failed` (the student was on it), the steps after it `not-reached`.
   */
  outcome(): SessionOutcome {
    const now = Date.now();
    const steps: StepOutcome[] = this.scenario.steps.map((step, i) => {
      const s = this.states[i]!;
      const status: StepOutcomeStatus = s.progress !== 'pending' ? s.progress : i === this.current ? 'failed' : 'not-reached';
      const end = s.finishedAt ?? (s.startedAt !== undefined ? now : undefined);
      return {
        number: step.number, id: step.id, title: step.title, status, verifiedBy: verificationOf(step),
        ...(s.fastForwarded && { fastForwarded: true }),
        ...(s.progress === 'solved' && { solvedBy: solvedBy(s) }),
        hintsShown: s.hintsShown, hintsTotal: step.hints.length,
        ...(s.startedAt !== undefined && { startedAt: s.startedAt }),
        ...(s.finishedAt !== undefined && { finishedAt: s.finishedAt }),
        ...(s.startedAt !== undefined && end !== undefined && { durationMs: end - s.startedAt }),
        items: s.items,
        ...(s.diagnoses.length > 0 && { diagnoses: s.diagnoses }),
      };
    });
    return {
      kind: 'practice', scenario: { file: this.scenario.file, title: this.scenario.meta.title }, where: 'private',
      steps, startedAt: this.startedAt, durationMs: now - this.startedAt, ok: this.current >= steps.length,
      ...(this.hungUp && { hungUp: true }),
    };
  }
}
