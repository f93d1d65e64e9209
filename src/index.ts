/**
 * nslab as a library (docs/library.md): parse and lint a scenario, run it, check a network
 * against it, say why a path breaks, read the topology, and build and write reports. Everything
 * else under src/ is nslab's own, free to change; test/unit/library-exports.test.ts pins this list.
 *
 *     import { loadScenario, runScenario } from 'nslab';
 *     const result = await runScenario(await loadScenario('scenarios/l3-router.md'));
 *     console.log(result.status, result.steps.map((s) => s.status));
 */

// Parse
export type * from './scenario/model.js';
export type * from './check/model.js';
export { loadScenario } from './scenario/load-scenario.js';
export { parseScenario } from './scenario/parse-scenario.js';
export { parseCheck } from './check/parse-check.js';
export { ScenarioError } from './scenario/problem.js';
export { EnvironmentError, UsageError } from './util/errors.js';

// Lint
export type { LintReport } from './lint/model.js';
export { lintSource } from './lint/lint-source.js';
export { lintFiles } from './lint/lint-files.js';

// Run
export type * from './sandbox/types.js';
export type * from './run/events.js';
export type { Controller, BeforeStepChoice, AfterFailureChoice, LiveView } from './run/controller.js';
export { runScenario, type RunScenarioOptions } from './run/run-scenario.js';
export { unattendedController } from './run/controller.js';
export { stepCommands, type StepCommand } from './run/step-commands.js';
export { openPrivateSandbox } from './sandbox/private-sandbox.js';
export { openHostSandbox } from './sandbox/host-sandbox.js';
export { createTerminalReporter, type TerminalReporterOptions } from './view/terminal/terminal-reporter.js';

// Check
export type * from './verify/outcome.js';
export { checkScenario, type CheckScenarioOptions } from './verify/check-scenario.js';
export { verifyStep, type VerifyOptions } from './verify/verify-step.js';
export { evaluateCheck } from './check/evaluate-check.js';

// Why
export type { WhyResult, WhyOptions, Hop, Finding } from './diagnose/types.js';
export { why } from './diagnose/why.js';

// Topology
export type * from './topology/model.js';
export type { NetworkState, NamespaceState, InterfaceState, BridgeInfo, StateSource } from './topology/network-state.js';
export { readNetworkState } from './topology/network-state.js';
export { buildTopology, readTopology } from './topology/build-topology.js';
export { renderTopology, TOPOLOGY_FORMATS, type TopologyFormat } from './topology/render-topology.js';
export { diffNetworkStates, formatChange, type StateChange } from './topology/diff-state.js';

// Reports
export type * from './report/run-report.js';
export { REPORT_SCHEMA_VERSION, reportTotals } from './report/run-report.js';
export { buildRunReport, type RunReportContext } from './report/build-run-report.js';
export { buildSessionReport, type SessionReportContext } from './report/build-session-report.js';
export { renderReport, writeReport, type ReportFormat } from './report/write-report.js';
export { fileIdentity, type FileIdentity } from './util/file-identity.js';
