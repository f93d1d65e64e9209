/**
 * What `run --show-changes` and `--show-topology` print after a step: the changes it made to
 * the emulation, one per line, and the topology redrawn when it changed.
 */
import type { ChalkInstance } from 'chalk';
import { buildTopology } from '../../topology/build-topology.js';
import { diffNetworkStates, formatChange } from '../../topology/diff-state.js';
import type { NetworkState } from '../../topology/network-state.js';
import { renderTopologyText } from '../../topology/render-text.js';
import { terminalColumns } from '../../util/terminal-columns.js';

/** Which views to print. */
export interface StepStateViews {
  changes: boolean;
  topology: boolean;
}

/**
 * @param before the state before the step, after the state after it.
 * @returns lines to print (no trailing newline): `Changes:` with the changes indented (or
 *   `No change to the network.`), and `Topology:` with the picture when the graph differs —
 *   empty when neither view has anything to show.
 */
export function formatStepState(before: NetworkState, after: NetworkState, views: StepStateViews, c: ChalkInstance): string[] {
  const out: string[] = [];
  if (views.changes) {
    const changes = diffNetworkStates(before, after).map(formatChange);
    if (changes.length === 0) out.push(c.dim('No change to the network.'));
    else out.push(c.bold('Changes:'), ...changes.map((line) => '  ' + colorChange(line, c)));
  }
  if (views.topology) {
    const graph = buildTopology(after);
    if (JSON.stringify(graph) !== JSON.stringify(buildTopology(before))) {
      out.push(c.bold('Topology:'), ...renderTopologyText(graph, { width: terminalColumns() - 2 }).trimEnd().split('\n').map((l) => (l ? '  ' + l : l)));
    }
  }
  return out;
}

function colorChange(line: string, c: ChalkInstance): string {
  const sign = /(?:^|: )([+~-]) /.exec(line)?.[1];
  return sign === '+' ? c.green(line) : sign === '-' ? c.red(line) : c.yellow(line);
}
