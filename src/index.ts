/**
 * nslab as a library: parse a scenario, run it, get structured results.
 *
 *     import { loadScenario, runScenario } from 'nslab';
 *     const result = await runScenario(await loadScenario('scenarios/l3-router.md'));
 *     console.log(result.status, result.steps.map((s) => s.status));
 */
export type * from './scenario/model.js';
export type * from './check/model.js';
export type * from './sandbox/types.js';
export type * from './run/events.js';
export type { Controller, BeforeStepChoice, AfterFailureChoice, LiveView } from './run/controller.js';
export { unattendedController } from './run/controller.js';
export { parseScenario } from './scenario/parse-scenario.js';
export { loadScenario } from './scenario/load-scenario.js';
export { parseCheck } from './check/parse-check.js';
export { evaluateCheck, evaluateCheckWithin } from './check/evaluate-check.js';
export { runScenario, type RunScenarioOptions } from './run/run-scenario.js';
export { openPrivateSandbox } from './sandbox/private-sandbox.js';
export { openHostSandbox } from './sandbox/host-sandbox.js';
export { createTerminalReporter, type TerminalReporterOptions } from './report/terminal-reporter.js';
export { EnvironmentError, ScenarioError, UsageError } from './util/errors.js';
export { resolveStepRange, type StepRange, type StepSelection } from './run/step-range.js';
export { testScenario, type ScenarioTestResult, type TestScenarioOptions } from './test-scenario/test-scenario.js';
export { junitReport } from './test-scenario/junit-report.js';
export { listMutations, isStateChanging, type Mutation } from './test-scenario/mutations.js';
export { mutateScenario, runMutation, type MutationResult, type MutationStatus, type MutateScenarioOptions } from './test-scenario/mutate-scenario.js';
export { stepCommands, type StepCommand } from './run/step-commands.js';
export type { LintReport, Rule, RuleName, LintContext } from './lint/model.js';
export { lintSource } from './lint/lint-source.js';
export { lintFiles } from './lint/lint-files.js';
export { RULES as lintRules } from './lint/rules/index.js';
export { listScenarios, type ScenarioListing } from './lint/list-scenarios.js';
export type * from './topology/model.js';
export { readNetworkState, type StateSource, type NetworkState, type NamespaceState, type InterfaceState, type BridgeInfo } from './topology/network-state.js';
export { buildTopology, readTopology } from './topology/build-topology.js';
export { renderTopology, TOPOLOGY_FORMATS, type TopologyFormat } from './topology/render-topology.js';
export { renderTopologyText, type TextOptions } from './topology/render-text.js';
export { renderTopologyDot } from './topology/render-dot.js';
export { renderTopologyMermaid } from './topology/render-mermaid.js';
export { renderTopologySvg } from './topology/render-svg.js';
export { diffNetworkStates, formatChange, type StateChange } from './topology/diff-state.js';
