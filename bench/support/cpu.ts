/**
 * CPU time of processes, read from Linux's /proc (the machines these benchmarks run on), in clock
 * ticks of 10 ms. A benchmark samples before and after a run and divides the differences by the work done.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in clock ticks (0 once it is gone). */
export function processTicks(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of every process whose command name matches (postgres backends, redis-server): other users' load included. */
export function ticksOf(name: RegExp): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (name.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) total += processTicks(pid);
    } catch { /* gone */ }
  }
  return total;
}

/** Busy and total ticks of the whole machine (all cores). */
export function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

/** This process's own CPU, in clock ticks. */
export function ownTicks(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / (1_000_000 / CLOCK_TICKS_PER_SECOND);
}
