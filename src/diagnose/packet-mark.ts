/**
 * The firewall mark a packet carries when the kernel looks its route up, for policy routing's
 * `fwmark` rules: 0 unless a rule of the namespace's ruleset sets one before the lookup. Before
 * the lookup means, for a packet the namespace sends, an `output` chain of type `route` (nft(8),
 * CHAINS: "if [the mark] has changed, a new route lookup is performed"; iptables's mangle OUTPUT
 * is one), and for a packet coming in, any `prerouting` chain. Marks set elsewhere do not count
 * for this lookup.
 *
 * Conservative: a mark from a value nslab does not know (`meta mark set ct mark`, iptables
 * CONNMARK), a setter in a chain reached by a jump, or behind a match nslab cannot decide makes
 * the mark undecided, never 0.
 */
import { iptablesChainLines } from '../state/read-iptables.js';
import type { NftChain, NftRule } from '../state/read-nft-ruleset.js';
import { firewallOf, iptablesLinesOf } from './filter-hop.js';
import { nftRuleText } from './firewall-text.js';
import { judgeRule, type PacketView } from './nft-match.js';
import type { Snapshot } from './snapshot.js';
import type { Ns } from './types.js';

/** The mark, or why nslab cannot say it. */
export type MarkResult = { mark: number; setBy?: string } | { undecided: string };

type Setter = { value: number } | { unknownValue: string } | undefined;

/** The mark a rule sets: `meta mark set N`, iptables `-j MARK --set-mark N` / `--set-xmark N/MASK`; undefined for a rule that sets none. */
function setterOf(rule: NftRule, iptablesLine: string | undefined): Setter {
  for (const e of rule.expr as Array<Record<string, unknown>>) {
    const mangle = e.mangle as { key?: { meta?: { key?: string } }; value?: unknown } | undefined;
    if (mangle?.key?.meta?.key === 'mark') return typeof mangle.value === 'number' ? { value: mangle.value } : { unknownValue: `\`${nftRuleText(rule)}\`` };
    const xt = e.xt as { type?: string; name?: string } | undefined;
    if (xt?.type === 'target' && (xt.name === 'MARK' || xt.name === 'CONNMARK')) {
      // `--set-xmark V/M` sets (mark & ~M) ^ V: from mark 0, V; `--set-mark V` is V/0xffffffff.
      const m = iptablesLine === undefined || xt.name !== 'MARK' ? null : /--set-x?mark (0x[0-9a-f]+|\d+)/i.exec(iptablesLine);
      if (m) return { value: Number(m[1]) };
      return { unknownValue: iptablesLine !== undefined ? `\`${iptablesLine}\`` : `an iptables ${xt.name} rule` };
    }
  }
  return undefined;
}

/** The chains of the ruleset that see the packet's family. */
function ofFamily(chains: readonly NftChain[], p: PacketView): NftChain[] {
  const own = p.family === 6 ? 'ip6' : 'ip';
  return chains.filter((c) => c.family === own || c.family === 'inet');
}

/**
 * The mark of a packet at its route lookup in `ns`.
 * @param view the packet as the filter sees it (its interfaces, as far as known).
 * @param sent true for a packet the namespace sends itself (output), false for one coming in (prerouting).
 * @returns the mark (with the rule that set it), or why it cannot be decided.
 */
export async function packetMark(snap: Snapshot, ns: Ns, view: PacketView, sent: boolean): Promise<MarkResult> {
  const ruleset = await firewallOf(snap, ns);
  const chains = ofFamily(ruleset.chains, view);
  const mangleLines = async (chain: NftChain): Promise<string[] | undefined> =>
    chain.table === 'mangle' ? iptablesChainLines((await iptablesLinesOf(snap, ns, chain)) ?? [], chain.name) : undefined;
  const setters: Array<{ chain: NftChain; index: number; setter: NonNullable<Setter> }> = [];
  for (const chain of chains) {
    const lines = chain.rules.some((r) => r.expr.some((e) => (e as { xt?: unknown }).xt !== undefined)) ? await mangleLines(chain) : undefined;
    chain.rules.forEach((rule, index) => {
      const setter = setterOf(rule, lines?.length === chain.rules.length ? lines[index] : undefined);
      if (setter) setters.push({ chain, index, setter });
    });
  }
  if (setters.length === 0) return { mark: 0 };
  const hook = sent ? 'output' : 'prerouting';
  const counts = (c: NftChain) => c.hook === hook && (!sent || c.type === 'route');
  const elsewhere = setters.find((s) => s.chain.hook === undefined);
  if (elsewhere) return { undecided: `a rule in chain ${elsewhere.chain.name}, which nslab does not follow for marks, sets one` };
  let mark: MarkResult = { mark: 0 };
  for (const chain of chains.filter(counts).sort((a, b) => (a.prio ?? 0) - (b.prio ?? 0))) {
    for (const [index, rule] of chain.rules.entries()) {
      const { holds, verdict } = judgeRule(rule, view);
      const setter = setters.find((s) => s.chain === chain && s.index === index)?.setter;
      if (holds === 'no') continue;
      if (setter && holds === 'maybe') return { undecided: `${chainName(chain)} may set a mark on it: ${ruleName(rule)}` };
      if (setter && 'unknownValue' in setter) return { undecided: `${chainName(chain)} sets a mark nslab does not know: ${setter.unknownValue}` };
      if (setter && 'value' in setter) mark = { mark: setter.value, setBy: `${chainName(chain)}: ${ruleName(rule)}` };
      if (verdict.kind === 'continue') continue;
      // A rule that may end the chain (a verdict, or a jump whose chain may) before a setter after it.
      const setterAfter = setters.some((s) => s.chain === chain && s.index > index);
      const ends = holds === 'yes' && (verdict.kind === 'accept' || verdict.kind === 'drop' || verdict.kind === 'return');
      if (ends) break;
      if (setterAfter) return { undecided: `${chainName(chain)} may end before the rule that sets the mark: ${ruleName(rule)}` };
    }
  }
  return mark;
}

const chainName = (c: NftChain): string => `chain ${c.family} ${c.table} ${c.name}`;
const ruleName = (r: NftRule): string => `\`${nftRuleText(r)}\``;
