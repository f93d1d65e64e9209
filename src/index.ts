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
export type { Controller, BeforeStepChoice, AfterFailureChoice } from './run/controller.js';
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
export type * from './report/run-report.js';
export { REPORT_SCHEMA_VERSION, reportTotals } from './report/run-report.js';
export { buildRunReport, reportCheck, isReadingStep, type RunReportContext } from './report/build-run-report.js';
export { junitFromReports } from './report/junit-run-report.js';
export { reportFormat, renderReport, writeReport, assertWritable, type ReportFormat } from './report/write-report.js';
export type * from './progress/model.js';
export { openProgressStore, type ProgressStore } from './progress/progress-store.js';
export { mergeProgress } from './progress/merge-progress.js';
export { listProgress, type ProgressListing, type FileCurrency } from './progress/list-progress.js';
export { finishSession, type FinishSessionOptions, type FinishedSession } from './progress/finish-session.js';
export { gradeClass, studentOf, type ClassGrade, type StudentGrade, type FlaggedReport } from './grade/grade-class.js';
export { readReport, type ReadReport } from './grade/read-report.js';
export type * from './run/prediction.js';
export { predictionQuestion, actualOutcome, judgePrediction } from './run/prediction.js';
export { fileIdentity, type FileIdentity } from './util/file-identity.js';
