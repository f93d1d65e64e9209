/**
 * `nslab why SRC DST`: walks the path between two namespaces of the live emulation — on the
 * host by default (a lab built by hand, as root), or wherever nslab runs (a sandbox shell) —
 * and says where and why it breaks.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/**
 * Registers `nslab why`: exit 0 when every hop is ✔ there and back, 1 when one is broken,
 * 2 for bad arguments, 3 when the state cannot be read (no `ip`, not root).
 */
export const registerWhy: RegisterCommand = (program, ctx) => {
  program
    .command('why')
    .description('trace the path from SRC to DST and back, and say where and why it breaks')
    .argument('<src>', 'source namespace, or `host` for the root namespace')
    .argument('<dst>', 'destination: an IPv4 address or a namespace name')
    .action(async (src: string, dst: string) => {
      const [{ why }, { createExec }, { formatWhy }, { EnvironmentError }] = await Promise.all([
        import('../../diagnose/why.js'),
        import('../../sandbox/create-exec.js'),
        import('../../report/why-report.js'),
        import('../../util/errors.js'),
      ]);
      if (process.getuid?.() !== 0) {
        throw new EnvironmentError("why reads every namespace's state (ip -n NS ...), which needs root: run it with sudo.");
      }
      const result = await why(createExec([]), src, dst);
      process.stdout.write(formatWhy(result, ctx.chalk));
      ctx.setExitCode(result.ok ? ExitCode.ok : ExitCode.failed);
    });
};
