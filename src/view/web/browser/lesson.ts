/**
 * The lesson page's script (bundled into /assets/lesson.js): connects to the lesson's WebSocket,
 * shows what the server sends (protocol.ts: the terminal's output, the state, the topology) and
 * sends what the student does (keystrokes, the terminal's size, *Run*, the buttons). It never
 * computes progress: the last `state` is the truth. A viewer (a second tab) sends nothing.
 */
import type { ClientMessage, LessonAction, LessonState, ServerMessage } from '../protocol.js';
import { connect } from './connection.js';
import { copyText } from './copy-text.js';
import { showState, showStep } from './show-state.js';
import { openTerminal } from './terminal-pane.js';
import { topologyElement } from './topology-svg.js';
import { whyTarget } from './why-target.js';

const body = document.body;
const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;

let role: 'driver' | 'viewer' | undefined;
let state: LessonState | undefined;
/** A step the student chose to read in the step list; null: the current one. */
let viewing: number | null = null;
let ended = false;

const isPresent = (): boolean => body.classList.contains('present');
const isDriver = (): boolean => role === 'driver';

function send(message: ClientMessage): void {
  if (isDriver()) connection.send(message);
}

const pane = openTerminal($('[data-terminal]'), isPresent(), (cols, rows) => send({ t: 'resize', cols, rows }));
const term = pane.terminal;
term.onData((d) => send({ t: 'in', d }));

function setStatus(text: string): void {
  $('[data-connection]').textContent = text;
}

function showBanner(text: string | null, startAgain = false): void {
  const banner = $('[data-banner]');
  banner.hidden = text === null;
  $('[data-banner-text]').textContent = text ?? '';
  $('[data-start-again]').hidden = !startAgain;
}

/** Buttons that send are off for a viewer and after the end. */
function enableControls(): void {
  const on = isDriver() && !ended;
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-run], button[data-action]')) b.disabled = !on;
  term.options.disableStdin = !on;
}

function setRole(next: 'driver' | 'viewer'): void {
  role = next;
  showBanner(next === 'viewer' ? 'Read-only: this lesson is open in another tab, which drives it. Close that tab to drive from here.' : null);
  enableControls();
  if (next === 'driver') send({ t: 'resize', cols: term.cols, rows: term.rows });
}

const placeholder = (text: string): HTMLParagraphElement => Object.assign(document.createElement('p'), { className: 'placeholder', textContent: text });

function showTopology(svg: string, faults: string[]): void {
  const box = $('[data-topology]');
  const picture = topologyElement(svg);
  box.replaceChildren(picture ?? placeholder('The topology could not be drawn.'));
  const list = $('[data-faults]');
  list.replaceChildren(...faults.map((f) => Object.assign(document.createElement('li'), { textContent: f })));
}

/** The server's reason the topology cannot be drawn (what to install), until a `topology` comes. */
function showTopologyUnavailable(reason: string): void {
  $('[data-topology]').replaceChildren(placeholder(`The topology cannot be drawn: ${reason}`));
  $('[data-faults]').replaceChildren();
}

/**
 * The step list open pushes a step below the fold (a long list, the introduction open, a
 * short window): it closes, once, so the shown step's first check is in view. A list the
 * student opened again stays open.
 */
let stepListFolded = false;
function foldStepListIfInTheWay(): void {
  const list = document.querySelector<HTMLDetailsElement>('details.step-list');
  const shown = document.querySelector<HTMLElement>('section.step[data-step]:not([hidden])');
  const pane = document.querySelector<HTMLElement>('.lesson-pane');
  if (stepListFolded || !list?.open || !shown || !pane || isPresent()) return;
  // The narrow layout scrolls the whole page: nothing is below a pane's fold there.
  if (getComputedStyle(pane).overflowY !== 'auto') return;
  const first = shown.querySelector<HTMLElement>('li.check') ?? shown.querySelector<HTMLElement>('h2');
  if (!first) return;
  const bottom = first.getBoundingClientRect().bottom - pane.getBoundingClientRect().top + pane.scrollTop;
  if (bottom > pane.clientHeight) {
    list.open = false;
    stepListFolded = true;
  }
}

function onMessage(m: ServerMessage): void {
  switch (m.t) {
    case 'hello':
      ended = false;
      setRole(m.role);
      return;
    case 'role':
      setRole(m.role);
      return;
    case 'out':
      if (m.replay) term.reset();
      term.write(m.d);
      return;
    case 'state': {
      const first = state === undefined;
      if (state && m.state.generation !== state.generation) {
        viewing = null;
        // A restart: the server sends the new state before the fresh shell's first output,
        // and keeps no scrollback of the old one (a reload would not show it either).
        term.reset();
      }
      state = m.state;
      showState(state, viewing);
      // The introduction is for the start; a student who resumes later does not need it open.
      if (first && (state.current === null || state.current > 1)) $<HTMLDetailsElement>('[data-introduction]')?.removeAttribute('open');
      foldStepListIfInTheWay();
      return;
    }
    case 'topology':
      showTopology(m.svg, m.faults);
      return;
    case 'topology-unavailable':
      showTopologyUnavailable(m.reason);
      return;
    case 'ended':
      ended = true;
      connection.stop();
      enableControls();
      term.write(`\r\n\x1b[2m[the session ended: ${m.reason.replace(/[\x00-\x1f\x7f]/g, ' ')}]\x1b[0m\r\n`);
      showBanner(`The session ended: ${m.reason}`, true);
      setStatus('ended');
      return;
  }
}

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${body.dataset.wsPath ?? ''}`;
const connection = connect(wsUrl, {
  message: onMessage,
  open: () => setStatus('connected'),
  closed: (retryInMs) => {
    role = undefined;
    enableControls();
    if (retryInMs !== null) setStatus(`connection lost; trying again in ${Math.ceil(retryInMs / 1000)} s…`);
  },
});
enableControls();

$('[data-start-again]').addEventListener('click', () => {
  showBanner(null);
  setStatus('connecting…');
  connection.restart();
});

// *Run* and *Copy* on command blocks, the step list, and the buttons: one listener for the page.
document.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const run = target.closest<HTMLButtonElement>('button[data-run]');
  if (run) {
    send({ t: 'run', step: Number(run.dataset.step), block: Number(run.dataset.block), typeOut: isPresent() });
    term.focus();
    return;
  }
  const copy = target.closest<HTMLButtonElement>('button[data-copy]');
  if (copy) {
    const source = copy.closest('.block')?.querySelector<HTMLElement>('.copy-source');
    if (source) void copyText(source).then((copied) => flash(copy, copied ? 'Copied' : 'Selected: Ctrl-C'));
    return;
  }
  const show = target.closest<HTMLButtonElement>('button[data-show-step]');
  if (show) {
    const n = Number(show.dataset.showStep);
    viewing = state && n === state.current ? null : n;
    showCurrent();
    return;
  }
  if (target.closest('[data-back-to-current]')) {
    viewing = null;
    showCurrent();
    return;
  }
  const action = target.closest<HTMLButtonElement>('button[data-action]');
  if (action) act(action.dataset.action as LessonAction);
});

/** Shows the step chosen in the step list, else the current one (step 1 before the first state). */
function showCurrent(): void {
  const current = state ? state.current : 1;
  showStep(viewing ?? current, current);
}

function flash(button: HTMLButtonElement, text: string): void {
  const label = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = label), 1500);
}

function act(action: LessonAction): void {
  if (action !== 'why') {
    send({ t: 'action', action });
    term.focus();
    return;
  }
  const target = whyTarget(state);
  if (target?.failed) {
    send({ t: 'action', action, args: [target.src, target.dst] });
    term.focus();
    return;
  }
  // A ping check not failed yet is offered, for the student to confirm or change.
  const form = whyDialog.querySelector('form')!;
  (form.elements.namedItem('src') as HTMLInputElement).value = target?.src ?? '';
  (form.elements.namedItem('dst') as HTMLInputElement).value = target?.dst ?? '';
  whyDialog.showModal();
}

const whyDialog = $<HTMLDialogElement>('[data-why-dialog]');
whyDialog.addEventListener('close', () => {
  if (whyDialog.returnValue !== 'ask') return;
  const form = whyDialog.querySelector('form')!;
  const src = (form.elements.namedItem('src') as HTMLInputElement).value.trim();
  const dst = (form.elements.namedItem('dst') as HTMLInputElement).value.trim();
  if (src && dst) send({ t: 'action', action: 'why', args: [src, dst] });
  term.focus();
});

// Presenter mode: the toggle and ?present=1 agree, so a reload keeps the mode.
const toggle = $<HTMLInputElement>('[data-present-toggle]');
toggle.checked = isPresent();
toggle.addEventListener('change', () => {
  body.classList.toggle('present', toggle.checked);
  const url = new URL(location.href);
  if (toggle.checked) url.searchParams.set('present', '1');
  else url.searchParams.delete('present');
  history.replaceState(null, '', url);
  pane.setPresent(toggle.checked);
});

showCurrent();
term.focus();
