import { it } from 'vitest';
import { execSync } from 'node:child_process';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
it('timing', async () => {
  const sandbox = await openPrivateSandbox();
  const keeper = execSync('pgrep -n -x unshare').toString().trim();
  await sandbox.exec(['sleep', '100'], { timeoutMs: 100 });
  await sandbox.exec(['no-such-program-nslab']);
  const t = performance.now();
  const closing = sandbox.close().then(() => console.log('closed', performance.now() - t));
  for (let i = 0; i < 12; i++) {
    await new Promise((r) => setTimeout(r, 100));
    let st = 'gone';
    try { st = execSync(`ps -o stat=,cmd= -p ${keeper}; cat /proc/${keeper}/task/${keeper}/children`).toString(); } catch {}
    console.log(i, st);
  }
  await closing;
});
