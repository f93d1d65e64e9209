/**
 * A fingerprint of the host's network state, to prove a run left it as it was.
 */
import { execFileSync } from 'node:child_process';

/** The host's `ip netns list`, `ip -json link` and `ip -json route`, as printed. */
export function hostNetworkState(): { netns: string; links: string; routes: string } {
  const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
  return { netns: ip('netns', 'list'), links: ip('-json', 'link'), routes: ip('-json', 'route') };
}
