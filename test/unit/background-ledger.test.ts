import { describe, expect, it } from 'vitest';
import { exitedServerNamed, exitedServerOnPort } from '../../src/diagnose/exited-server.js';
import { withExitedServer } from '../../src/diagnose/tcp-cause.js';
import type { WhyResult } from '../../src/diagnose/types.js';
import { BackgroundLedger } from '../../src/run/background-ledger.js';

const exit = (command: string, output = 'E bind: Address already in use\n') => ({ command, exitCode: 1, output });

describe('BackgroundLedger', () => {
  it.each([
    ['ip netns exec H2 socat TCP-LISTEN:8080,fork STDOUT', 'H2', 'socat', [8080]],
    ['ip -n X netns exec H2 nc -l -p 9000', 'H2', 'nc', [9000]],
    ['nsenter --net=/var/run/netns/R python3 -m http.server 8000 --bind 10.0.0.1', 'R', 'python3', [8000]],
    ['ip netns exec R socat TCP-LISTEN:8080,bind=10.0.0.1:8080 TCP:10.0.2.2:80', 'R', 'socat', [8080]],
    ['cd /tmp && python3 -m http.server 8000', undefined, 'python3', [8000]],
    ['ip netns exec $NS socat TCP-LISTEN:80 STDOUT', 'unknown', 'socat', [80]],
    ['nsenter --net=/proc/1/ns/net nc -l 80', 'unknown', 'nc', [80]],
  ])('reads %s: namespace, program, local ports', (command, ns, program, ports) => {
    const ledger = new BackgroundLedger();
    ledger.start(command, 3);
    expect(ledger.exit(exit(command), 5)).toEqual({ command, step: 3, ns, program, ports, exitCode: 1, output: expect.any(String) });
    expect(ledger.exited).toHaveLength(1);
  });

  it('matches each end to its own start, and a server by namespace and port or program', () => {
    const ledger = new BackgroundLedger();
    const cmd = 'ip netns exec H2 socat TCP-LISTEN:8080 STDOUT';
    ledger.start(cmd, 2);
    ledger.start(cmd, 4);
    ledger.exit(exit(cmd), 4);
    ledger.exit(exit(cmd), 5);
    expect(ledger.exited.map((s) => s.step)).toEqual([2, 4]);
    expect(exitedServerOnPort(ledger.exited, 'H2', 8080)?.step).toBe(4);
    expect(exitedServerOnPort(ledger.exited, 'H1', 8080)).toBeUndefined();
    expect(exitedServerOnPort(ledger.exited, 'H2', 80)).toBeUndefined();
    expect(exitedServerNamed(ledger.exited, 'H2', 'socat')).toBeDefined();
    expect(exitedServerNamed(ledger.exited, 'H2', 'TCP-LISTEN:8080 STDOUT')).toBeDefined();
    expect(exitedServerNamed(ledger.exited, 'H2', 'nc')).toBeUndefined();
  });
});

describe('withExitedServer', () => {
  const refused: WhyResult = {
    src: 'H1', dst: '10.0.0.2', hops: [], ok: false, warnings: [], durationMs: 1,
    finding: { cause: 'tcp-refused', ns: 'H2', address: '10.0.0.2', port: 8080 },
    explanation: { because: 'nothing listens there' },
  };

  it('names the dead server of the refused port, with its status and last output line', () => {
    const ledger = new BackgroundLedger();
    ledger.exit(exit('ip netns exec H2 socat TCP-LISTEN:8080 STDOUT', 'first\nE bind: Address already in use\n'), 3);
    const result = withExitedServer(refused, ledger.exited);
    expect(result.finding?.cause).toBe('server-exited');
    expect(result.explanation?.because).toBe(
      'The path to 10.0.0.2 is clear, but H2 refused the connection to port 8080: the background server ' +
        '`ip netns exec H2 socat TCP-LISTEN:8080 STDOUT` started in step 3 exited with status 1: first / E bind: Address already in use.',
    );
  });

  it('leaves the finding alone when no dead server served that port there', () => {
    const ledger = new BackgroundLedger();
    ledger.exit(exit('ip netns exec H1 socat TCP-LISTEN:8080 STDOUT'), 3);
    expect(withExitedServer(refused, ledger.exited)).toBe(refused);
  });
});
