/**
 * Shell variables in check lines: `blue: ping $ADDR succeeds` uses a value the scenario's shell
 * session computed at run time (a SLAAC address, a DHCP lease, a MAC address). Such a check is
 * kept as text when the scenario is parsed and expanded, then parsed, when it is evaluated,
 * with the values read from the session just before the checks run.
 *
 * Syntax, a subset of the shell's: `$NAME` and `${NAME}` (NAME as bash takes one: a letter or
 * `_`, then letters, digits, `_`), outside or inside `"..."`; `\$` is a `$` itself (and `\\` a
 * `\\`, so that `\\$X` is a backslash and a variable). Any other `$`
 * (`"5$"`, `"$ "`) is text. A value inside quotes stays one word, as in the shell; outside, its
 * blanks split it into words.
 */

/** One `$NAME` or `${NAME}` in a check's text. */
export interface VariableReference {
  name: string;
  /** 0-based offsets of the reference (from `$` to the end of the name or `}`) in the text. */
  start: number;
  end: number;
  /** Inside `"..."`: the value is escaped to stay in the quoted word. */
  quoted: boolean;
}

/** A `$NAME` or `${NAME}` at the start of the text. */
const REFERENCE = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/;

/**
 * Finds the variable references of a check's text, with the quoting rules of check lines
 * (parse-words.ts: `"` opens and closes quoted text, inside which `\"` and `\\` are escapes).
 * @param text a check line, or a part of one that starts outside quotes
 * @returns the references in text order, and whether the text holds a `\$` (a literal `$`)
 */
export function findVariables(text: string): { references: VariableReference[]; escapedDollar: boolean } {
  const references: VariableReference[] = [];
  let escapedDollar = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '$') {
      escapedDollar = true;
      i++;
    } else if (c === '\\' && (text[i + 1] === '\\' || (quoted && text[i + 1] === '"'))) {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === '$') {
      const m = REFERENCE.exec(text.slice(i));
      if (!m) continue;
      references.push({ name: (m[1] ?? m[2])!, start: i, end: i + m[0].length, quoted });
      i += m[0].length - 1;
    }
  }
  return { references, escapedDollar };
}

/** The distinct variable names of some references, in first-use order. */
export function variableNames(references: readonly VariableReference[]): string[] {
  return [...new Set(references.map((r) => r.name))];
}

/**
 * Replaces each reference by its value, and each `\$` by `$`.
 * @param text the text the references were found in
 * @param references from {@link findVariables} on `text`
 * @param valueOf the value of a name (every referenced name must have one)
 * @returns the text as the check parser is to read it
 */
export function expandVariables(text: string, references: readonly VariableReference[], valueOf: (name: string) => string): string {
  let out = '';
  let at = 0;
  for (const ref of references) {
    out += unescapeDollars(text.slice(at, ref.start));
    const value = valueOf(ref.name);
    out += ref.quoted ? value.replace(/[\\"]/g, '\\$&') : value;
    at = ref.end;
  }
  return out + unescapeDollars(text.slice(at));
}

/** `\$` → `$`; `\\` stays, so that `\\$` keeps its backslashes (as {@link findVariables} reads it). */
export function unescapeDollars(text: string): string {
  return text.replace(/\\[\\$]/g, (pair) => (pair === '\\$' ? '$' : pair));
}

/**
 * The values of the shell variables a step's checks use, read from the scenario's shell session
 * just before the checks are evaluated; or why there are none to read.
 */
export type SessionVariables =
  /** `values`: name → value for each variable that is set (an absent name is unset). */
  | { available: true; values: ReadonlyMap<string, string>; where: string }
  /** `reason`: said in a check's `found`, e.g. that `nslab check` has no shell session. */
  | { available: false; reason: string };

/** For an evaluation that was given no session: nothing says where the values would be. */
export const NO_SESSION: Extract<SessionVariables, { available: false }> = {
  available: false,
  reason: 'there is no shell session here to read it from',
};

/**
 * For `nslab check`, which has no scenario shell session: the values of nslab's own environment,
 * where a student's shell puts a variable it exports (`export ADDR`) or sets for one command
 * (`ADDR=... nslab check FILE`).
 * @param env the process environment
 */
export function variablesFromEnvironment(env: NodeJS.ProcessEnv): Extract<SessionVariables, { available: true }> {
  const values = new Map(Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const])));
  return { available: true, values, where: "nslab check's environment (it has no scenario shell session: export the variable in your shell, or run NAME=VALUE nslab check ...)" };
}
