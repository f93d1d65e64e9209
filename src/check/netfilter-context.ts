/**
 * What the `nat` and `firewall` checks read of a namespace, and how they name a rule: its
 * ruleset (`nft -j list ruleset`, iptables-nft's rules included) and, for a rule iptables made,
 * its `iptables -t TABLE -S` line — the form the student typed, and the only place that holds
 * an iptables NAT target's arguments. iptables-legacy's rules are not in the ruleset: a verdict
 * they could change says so and fails ({@link withoutLegacy}).
 */
import { ruleText } from '../diagnose/firewall-text.js';
import { legacyRulesText } from '../diagnose/messages.js';
import { decodeXtMatches } from '../diagnose/xt-matches.js';
import { iptablesTableOf } from '../state/read-iptables.js';
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';
import type { StateReader } from '../state/state-reader.js';
import { describePlace } from './describe-check.js';
import { failedRead, type Verdict } from './evaluate-context.js';

/** A namespace's packet filter, read for one check. */
export interface Netfilter {
  /** The ruleset, iptables's `conntrack`/`state`/`icmp` matches decoded (xt-matches.ts). */
  ruleset: NftRuleset;
  /** The rule as the student wrote it: `iptables rule \`-A ...\``, or nft's syntax with its handle and chain. */
  name(chain: NftChain, rule: NftRule): Promise<string>;
  /** The rule's `iptables -S` line, when iptables made it. */
  iptablesLine(chain: NftChain, rule: NftRule): Promise<string | undefined>;
  /** The namespace's iptables-legacy rules (read-iptables-legacy.ts), which are not in `ruleset`. */
  legacy: string[];
}

/**
 * Reads the ruleset of a namespace.
 * @returns the view, or a failing verdict (no such namespace, nft failing or not installed).
 */
export async function readNetfilter(reader: StateReader, ns: string | undefined): Promise<Netfilter | Verdict> {
  const read = await reader.ruleset(ns);
  if (!read.ok) return failedRead(read);
  if (read.value.unavailable !== undefined) return { passed: false, found: `nslab cannot read the packet filter of ${describePlace(ns)}: ${read.value.unavailable}` };
  const lines = async (chain: NftChain): Promise<string[] | undefined> => {
    const made = iptablesTableOf(chain);
    if (!made) return undefined;
    const got = await reader.iptables(ns, made.table, made.family);
    return got.ok ? got.value : undefined;
  };
  const ruleset = await decodeXtMatches(read.value, async (table, family) => {
    const got = await reader.iptables(ns, table, family);
    return got.ok ? got.value : [];
  });
  const legacy = read.value.legacy ? await reader.iptablesLegacy(ns) : undefined;
  return {
    ruleset,
    legacy: legacy?.ok ? legacy.value : [],
    name: async (chain, rule) => ruleText(ns, chain, rule, await lines(chain)).text,
    async iptablesLine(chain, rule) {
      const text = ruleText(ns, chain, rule, await lines(chain)).text;
      return /^iptables rule `(.*)`$/.exec(text)?.[1];
    },
  };
}

/** Type guard: the read failed, and this is the verdict to return. */
export function isVerdict(read: Netfilter | Verdict): read is Verdict {
  return 'passed' in read;
}

/**
 * A verdict given without the namespace's iptables-legacy rules (the checker never lies): it
 * fails, found saying which rules nslab did not read — unless they cannot change it.
 * @param affects which legacy rules could change the verdict (`-t nat` ones for a NAT check)
 * @param holdsAnyway the verdict holds whatever they do (a certain drop: no rule of another
 *   table can let through what nft drops)
 */
export function withoutLegacy(verdict: Verdict, filter: Netfilter, ns: string | undefined, affects: (line: string) => boolean, holdsAnyway = false): Verdict {
  const unread = filter.legacy.filter(affects);
  if (unread.length === 0) return verdict;
  return { passed: verdict.passed && holdsAnyway, found: `${verdict.found}; but ${legacyRulesText(describePlace(ns), unread)}` };
}
