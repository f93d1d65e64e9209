/**
 * Turns a run's report into a detailed one, for the HTML report: the introduction, each step's prose, each
 * command's output, what each step changed, and the topology picture (text, and SVG when
 * Graphviz `dot` can run) at the first failure and after the last step. The added fields are
 * the optional ones of run-report.ts (docs/report.schema.json).
 */
import type { RunResult } from '../../run/events.js';
import { introductionProse } from '../../scenario/introduction-prose.js';
import { buildTopology } from '../../topology/build-topology.js';
import { diffNetworkStates, formatChange } from '../../topology/diff-state.js';
import type { NetworkState } from '../../topology/network-state.js';
import { renderTopologySvg } from '../../topology/render-svg.js';
import { renderTopologyText } from '../../topology/render-text.js';
import type { ReportStep, ReportTopology, RunReport } from '../run-report.js';
import type { RecordedStates } from './record-step-states.js';

/** Options of {@link detailRunReport}. */
export interface DetailOptions {
  /** The Graphviz program (default `dot` from PATH); a missing one leaves the text picture only. */
  dot?: string;
}

/**
 * dot -Tsvg prints a whole XML document: an XML declaration, a DOCTYPE and comments before the
 * `<svg>` element, which HTML does not want inline (HTML Living Standard, "SVG in text/html").
 * @returns the `<svg>...</svg>` element alone
 * @throws Error when there is no svg element, or it holds a script or foreign content (dot writes
 *   neither; refusing them keeps the report free of anything that runs)
 */
export function svgElement(document: string): string {
  const start = document.indexOf('<svg');
  const end = document.lastIndexOf('</svg>');
  if (start === -1 || end < start) throw new Error('dot printed no <svg> element');
  const svg = document.slice(start, end + '</svg>'.length);
  if (/<(script|foreignObject)\b|\son\w+\s*=/i.test(svg)) throw new Error('dot printed an SVG with active content');
  return svg;
}

async function picture(state: NetworkState, moments: ReportTopology['moments'], dot: string | undefined): Promise<ReportTopology> {
  const graph = buildTopology(state);
  const topology: ReportTopology = { moments, text: renderTopologyText(graph) };
  try {
    topology.svg = svgElement(await renderTopologySvg(graph, dot));
  } catch (error) {
    topology.svgError = (error as Error).message;
  }
  return topology;
}

/**
 * @param report built by buildRunReport from `result`
 * @param result the run; its steps are the report's, in the same order
 * @param states what createStepStateRecorder recorded during the run (with `watchState`);
 *   without it the report has prose and output but no changes or pictures
 * @returns a new report (the one given is not changed)
 */
export async function detailRunReport(report: RunReport, result: RunResult, states?: RecordedStates, options: DetailOptions = {}): Promise<RunReport> {
  const steps: ReportStep[] = report.steps.map((step, i) => {
    const run = result.steps[i];
    const detailed: ReportStep = { ...step, explanation: run?.step.explanation ?? '' };
    detailed.commands = step.commands.map((c, j) => ({ ...c, output: run?.commands[j]?.result.output ?? '' }));
    const around = states?.steps.get(step.number);
    if (around) detailed.changes = diffNetworkStates(around.before, around.after).map(formatChange);
    return detailed;
  });
  const failure = states?.firstFailure;
  const last = states?.lastStep;
  const at = new Map<number, { state: NetworkState; moments: ReportTopology['moments'] }>();
  if (failure) at.set(failure.step, { state: failure.state, moments: ['first-failure'] });
  if (last !== undefined) {
    const lastState = states!.steps.get(last)!.after;
    const same = at.get(last);
    // One picture a step: when the last step is the first failure too, and a Retry then
    // changed the state, the state the run ended with is the one worth drawing.
    if (same && JSON.stringify(same.state) === JSON.stringify(lastState)) same.moments.push('last-step');
    else at.set(last, { state: lastState, moments: ['last-step'] });
  }
  for (const [number, { state, moments }] of at) {
    const step = steps.find((s) => s.number === number);
    if (step) step.topology = await picture(state, moments, options.dot);
  }
  const introduction = introductionProse(result.scenario.introduction);
  return { ...report, scenario: { ...report.scenario, ...(introduction && { introduction }) }, steps };
}
