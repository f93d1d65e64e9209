// What the numbers were measured on: printed above the table and stored in results.json.
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { $ } from 'zx';

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

async function version(argv, pattern) {
  const r = await $({ nothrow: true, quiet: true })`${argv}`;
  return r.exitCode === 0 ? (pattern.exec(r.stdout + r.stderr)?.[1] ?? 'unknown') : 'absent';
}

export async function describeMachine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: osName(),
    kernel: release(),
    node: process.version,
    hyperfine: await version(['hyperfine', '--version'], /hyperfine (\S+)/),
    bash: await version(['bash', '--version'], /version (\S+)/),
    iproute2: await version(['ip', '-V'], /iproute2-(\S+)|ip utility, (\S+)/),
    mininet: await version(['mn', '--version'], /(\d+\.\d+\.\S+)/),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function machineLine(m) {
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, kernel ${m.kernel}, node ${m.node}, hyperfine ${m.hyperfine}, bash ${m.bash}, mininet ${m.mininet}; load average at start ${m.loadAverageAtStart.join(' ')}`;
}
