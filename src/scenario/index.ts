/**
 * The scenario parser: Markdown lab files in, `Scenario` models (or located problems) out.
 */
export type * from './model.js';
export { parseScenario } from './parse-scenario.js';
export { loadScenario } from './load-scenario.js';
export { splitCommands, type SplitResult, type Unclosed } from '../shell/split-commands.js';
export { parseAttributes, type Attribute, type AttributesResult } from './parse-attributes.js';
export { parseTranscript } from './parse-transcript.js';
export { parseCheck, type CheckParseResult } from '../check/parse-check.js';
