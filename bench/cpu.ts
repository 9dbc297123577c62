import { readFile } from 'node:fs/promises';
import type pg from 'pg';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process has used, or undefined once it is gone. */
async function cpuSeconds(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // The command name may hold spaces; the fields after it are fixed: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export type CpuGroups = Record<string, () => Promise<number[]>>;

/**
 * The CPU time each group of processes used while a phase ran, sampled every second so that processes that come and
 * go (database backends, a restarted worker) are counted too. On a machine shared with other work, CPU seconds per
 * operation say more than wall-clock rates.
 */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly groupOf = new Map<number, string>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  private readonly selfStart = process.cpuUsage();

  constructor(private readonly groups: CpuGroups) {}

  private async sample(initial: boolean): Promise<void> {
    for (const [group, pids] of Object.entries(this.groups)) {
      for (const pid of await pids().catch(() => [])) {
        const seconds = await cpuSeconds(pid);
        if (seconds === undefined) continue;
        if (!this.first.has(pid)) this.first.set(pid, initial ? seconds : 0);
        this.last.set(pid, seconds);
        this.groupOf.set(pid, group);
      }
    }
  }

  async start(): Promise<void> {
    await this.sample(true);
    this.timer = setInterval(() => {
      this.sampling ??= this.sample(false).finally(() => (this.sampling = undefined));
    }, 1000);
  }

  /** CPU seconds per group, and of this process as `bench`. */
  async stop(): Promise<Record<string, number>> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const used: Record<string, number> = {};
    for (const [pid, last] of this.last) {
      const group = this.groupOf.get(pid)!;
      used[group] = (used[group] ?? 0) + (last - this.first.get(pid)!);
    }
    const self = process.cpuUsage(this.selfStart);
    used.bench = (self.user + self.system) / 1e6;
    return used;
  }
}

/** The server processes behind this database's connections. */
export async function databaseBackends(db: pg.Pool): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database()`);
  return rows.map((r) => r.pid);
}

export const fmtCpu = (used: Record<string, number>) =>
  Object.entries(used)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([group, s]) => `${group} ${s.toFixed(1)}`)
    .join(', ');
