/**
 * Every lint rule (warnings, but for `host-namespace`), by name. A new rule is one module in this folder and one line here.
 */
import type { Rule, RuleName } from '../model.js';
import { hostNamespaceRule } from './host-namespace.js';
import { norunOnlyRule } from './norun-only.js';
import { pingWithoutCountRule } from './ping-without-count.js';
import { pingWithoutWaitRule } from './ping-without-wait.js';
import { requiresRule } from './requires.js';
import { stepUncheckedRule } from './step-unchecked.js';
import { transcriptVaryingRule } from './transcript-varying.js';
import { unknownNamespaceRule } from './unknown-namespace.js';
import { unsetVariableRule } from './unset-variable.js';

/** The rules lint runs on every scenario whose front matter is valid, keyed by name. */
export const RULES: Record<RuleName, Rule> = {
  'step-unchecked': stepUncheckedRule,
  requires: requiresRule,
  'norun-only': norunOnlyRule,
  'unknown-namespace': unknownNamespaceRule,
  'ping-without-count': pingWithoutCountRule,
  'ping-without-wait': pingWithoutWaitRule,
  'unset-variable': unsetVariableRule,
  'host-namespace': hostNamespaceRule,
  'transcript-varying': transcriptVaryingRule,
};
