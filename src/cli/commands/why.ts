/**
 * `nslab why SRC DST`: walks the path between two namespaces of the live emulation — on the
 * host by default (a lab built by hand, as root), or wherever nslab runs (a sandbox shell) —
 * and says where and why it breaks.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { terminalColumns } from '../../util/terminal-columns.js';
import { wholeNumberArgument } from '../../util/whole-number.js';

/**
 * Registers `nslab why`: exit 0 when every hop is ✔ there and back, 1 when one is broken,
 * 2 for bad arguments, 3 when the state cannot be read (no `ip`, not root).
 */
export const registerWhy: RegisterCommand = (program, ctx) => {
  program
    .command('why')
    .description('trace the path from SRC to DST and back, and say where and why it breaks')
    .argument('<src>', 'source namespace, or `host` for the root namespace')
    .argument('<dst>', 'destination: an IPv4 or IPv6 address, or a namespace name')
    .option('--tcp <port>', 'diagnose a TCP connection to PORT: walk its packets, then connect (2 s timeout)')
    .option('--size <bytes>', "the ping's size (ping -s BYTES): an MTU mismatch that loses it breaks the path")
    .option('-4, --ipv4', "a namespace DST's IPv4 address (the default when both ends have one)")
    .option('-6, --ipv6', "a namespace DST's IPv6 address (the default when only IPv6 is on both ends)")
    .action(async (src: string, dst: string, opts: { tcp?: string; size?: string; ipv4?: boolean; ipv6?: boolean }) => {
      const [{ why }, { createExec }, { formatWhy }, { EnvironmentError, UsageError }] = await Promise.all([
        import('../../diagnose/why.js'),
        import('../../sandbox/create-exec.js'),
        import('../../view/terminal/why-report.js'),
        import('../../util/errors.js'),
      ]);
      if (process.getuid?.() !== 0) {
        throw new EnvironmentError("why reads every namespace's state (ip -n NS ...), which needs root: run it with sudo.");
      }
      const number = (text: string | undefined, what: string, min: number, max: number): number | undefined => {
        if (text === undefined) return undefined;
        return wholeNumberArgument(text, what, min, max);
      };
      const tcpPort = number(opts.tcp, '--tcp PORT', 1, 65535);
      const size = number(opts.size, '--size BYTES', 0, 65507);
      if (opts.ipv4 && opts.ipv6) throw new UsageError('why takes -4 or -6, not both');
      const family = opts.ipv6 ? 6 : opts.ipv4 ? 4 : undefined;
      const result = await why(createExec([]), src, dst, undefined, {
        ...(tcpPort !== undefined && { tcpPort }), ...(size !== undefined && { size }), ...(family !== undefined && { family }),
      });
      process.stdout.write(formatWhy(result, ctx.chalk, process.stdout.isTTY ? terminalColumns() : undefined));
      ctx.setExitCode(result.ok ? ExitCode.ok : ExitCode.failed);
    });
};
