// What bench/hotline-day reads from outside the product: CPU and memory of a process from
// /proc (Linux), the store-command counters of a node's /metrics, and percentiles.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const CLK_TCK = 100; // USER_HZ on Linux (getconf CLK_TCK); /proc/<pid>/stat counts in these.

/** User + system CPU time of a process in seconds, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Resident set size in MB, or null when the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineJiffies(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const all = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: all - idle, total: all };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU % (of one core) per named process over a window, and peak RSS sampled each second. */
export class ProcessWatch {
  private start = new Map<string, number>();
  private startedAt = 0;
  private peak = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private machine = { busy: 0, total: 0 };

  constructor(private readonly pids: Map<string, number>) {}

  begin(): void {
    this.startedAt = performance.now();
    this.machine = machineJiffies();
    for (const [name, pid] of this.pids) this.start.set(name, cpuSeconds(pid) ?? 0);
    this.peak.clear();
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  private sample(): void {
    for (const [name, pid] of this.pids) {
      const rss = rssMb(pid);
      if (rss !== null && rss > (this.peak.get(name) ?? 0)) this.peak.set(name, rss);
    }
  }

  /**
   * CPU per process (100 = one core), peak RSS, and the machine: all cores busy (200 = both
   * cores of a 2-core box) and the part of it that is none of ours (other users of the box).
   */
  end(): {
    cpuPercent: Record<string, number>;
    peakRssMb: Record<string, number>;
    machine: { cores: number; busyPercent: number; othersPercent: number };
  } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const cpuPercent: Record<string, number> = {};
    const peakRssMb: Record<string, number> = {};
    for (const [name, pid] of this.pids) {
      const now = cpuSeconds(pid);
      if (now !== null) cpuPercent[name] = round((100 * (now - (this.start.get(name) ?? 0))) / seconds);
      peakRssMb[name] = round(this.peak.get(name) ?? 0);
    }
    const m = machineJiffies();
    const cores = cpus().length;
    const busyPercent = round((100 * cores * (m.busy - this.machine.busy)) / Math.max(1, m.total - this.machine.total));
    const ours = Object.values(cpuPercent).reduce((a, b) => a + b, 0);
    return { cpuPercent, peakRssMb, machine: { cores, busyPercent, othersPercent: round(Math.max(0, busyPercent - ours)) } };
  }
}

export type CommandCounts = Map<string, number>;

/** hotline_store_commands_total of one process, keyed "command collection". */
export async function storeCommands(baseUrl: string): Promise<CommandCounts> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts: CommandCounts = new Map();
  for (const m of text.matchAll(/^hotline_store_commands_total\{command="([^"]+)",collection="([^"]+)"\} (\d+)/gm))
    counts.set(`${m[1]} ${m[2]}`, Number(m[3]));
  return counts;
}

/** after − before, summed over processes. */
export function diffCounts(pairs: Array<[CommandCounts, CommandCounts]>): CommandCounts {
  const out: CommandCounts = new Map();
  for (const [before, after] of pairs)
    for (const [k, v] of after) {
      const d = v - (before.get(k) ?? 0);
      if (d > 0) out.set(k, (out.get(k) ?? 0) + d);
    }
  return out;
}

export function total(counts: CommandCounts): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

/** The largest entries divided by `per`, as {"find tickets": 3.2, …}. */
export function top(counts: CommandCounts, per: number, n = 12): Record<string, number> {
  return Object.fromEntries(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, round(v / Math.max(per, 1e-9), 2)]),
  );
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function p50p99(values: number[]): { n: number; p50: number; p99: number } {
  return { n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) };
}

export function round(v: number, d = 1): number {
  return Math.round(v * 10 ** d) / 10 ** d;
}

/** A think time: log-normal around `medianMs` (people are mostly quick, sometimes slow). */
export function thinkMs(medianMs: number, sigma = 0.6): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianMs * Math.exp(sigma * normal);
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
