/**
 * `nslab topo`: draws the emulated network from live state. A private sandbox holds nothing
 * once a run ended, so without `--host` it runs the scenario FILE (unattended, quietly, up to
 * `--to`) in a fresh sandbox and draws what the steps left, before cleanup.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';
import { findLesson } from '../../scenario/find-lesson.js';
import { terminalColumns } from '../../util/terminal-columns.js';

/** Options of `nslab topo`. */
interface TopoCliOptions {
  host?: boolean;
  format: string;
  to?: string;
}

/**
 * Registers `nslab topo`: exit 0 with the picture; 1 when a step of FILE failed (the picture
 * shows the state it left); 2 for bad usage or a bad file; 3 when the state cannot be read or
 * Graphviz is missing for svg.
 */
export const registerTopo: RegisterCommand = (program, ctx) => {
  program
    .command('topo')
    .description(
      'draw the emulated network: namespaces, veth pairs, bridges, addresses, faults. ' +
        'With --host, the live state of the host; otherwise FILE is run in a fresh private sandbox ' +
        '(as with --yes, quietly, up to --to) and the state its steps left is drawn',
    )
    .argument('[file]', 'scenario file or lesson name to run and draw (not with --host)')
    .option('--host', 'draw the host\'s own namespaces and bridges (needs root)')
    .option('--format <format>', 'text, dot, mermaid, svg (needs Graphviz) or json', 'text')
    .option('--to <step>', 'stop after this step (number or id) and draw the state then')
    .action(async (file: string | undefined, opts: TopoCliOptions) => {
      const [{ readTopology }, { renderTopology, isTopologyFormat, TOPOLOGY_FORMATS }, { UsageError, EnvironmentError }] = await Promise.all([
        import('../../topology/build-topology.js'),
        import('../../topology/render-topology.js'),
        import('../../util/errors.js'),
      ]);
      const format = opts.format;
      if (!isTopologyFormat(format)) throw new UsageError(`unknown format "${format}": use one of ${TOPOLOGY_FORMATS.join(', ')}`);
      if (opts.host && file !== undefined) throw new UsageError('give either a scenario FILE to run in a sandbox, or --host to read the host, not both');
      if (opts.host) {
        if (process.getuid?.() !== 0) throw new EnvironmentError("topo --host reads every namespace's state (ip -n NS ...), which needs root: run it with sudo.");
        const { createExec } = await import('../../sandbox/create-exec.js');
        process.stdout.write(await renderTopology(await readTopology(createExec([])), format, terminalColumns()));
        return;
      }
      if (file === undefined) {
        throw new UsageError('topo needs a scenario FILE to run in a fresh sandbox and draw, or --host to draw the host (a sandbox keeps nothing after its run)');
      }
      const [{ loadLintedScenario }, { runScenario }, { resolveStepRange }] = await Promise.all([
        import('../../lint/load-linted-scenario.js'),
        import('../../run/run-scenario.js'),
        import('../../run/step-range.js'),
      ]);
      const { scenario, warnings } = await loadLintedScenario(findLesson(file));
      showWarnings(warnings, ctx.chalk);
      const { to } = resolveStepRange(scenario, { to: opts.to });
      ctx.setExitCode(
        await withInterrupts(async (signal) => {
          let graph: Awaited<ReturnType<typeof readTopology>> | undefined;
          const result = await runScenario(scenario, { to, signal, inspect: async (sandbox) => void (graph = await readTopology(sandbox)) });
          if (result.status === 'interrupted' || !graph) return undefined;
          const failed = result.steps.find((s) => s.status === 'failed');
          if (failed) process.stderr.write(`nslab: step ${failed.step.number} (${failed.step.title}) failed; the picture shows the state it left\n`);
          process.stdout.write(await renderTopology(graph, format, terminalColumns()));
          return failed ? ExitCode.failed : ExitCode.ok;
        }),
      );
    });
};
