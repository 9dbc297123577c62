import { setTimeout as delay } from 'node:timers/promises';
import type { Answer } from './api-client.js';

/** One read, with when it was sent and answered (ms since the epoch). */
export interface TimedRead {
  route: string;
  sentAt: number;
  answeredAt: number;
  status: number;
  ms: number;
}

export type Read = { route: string; send: () => Promise<Answer> };

/** Lanes of readers that keep reading, round robin over `reads`, until stopped. */
export function startReaders(reads: readonly Read[], lanes: number, pauseMs: number): { stop(): Promise<TimedRead[]> } {
  const log: TimedRead[] = [];
  let running = true;
  let next = 0;
  const workers = Array.from({ length: lanes }, async () => {
    while (running) {
      const read = reads[next++ % reads.length];
      const sentAt = Date.now();
      const answer = await read.send();
      log.push({ route: read.route, sentAt, answeredAt: Date.now(), status: answer.status, ms: answer.ms });
      await delay(pauseMs * (0.5 + Math.random()));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return log;
    },
  };
}

/** The reads of `routes` sent inside [from, to], however long their answer took. */
export function readsSent(log: readonly TimedRead[], from: number, to: number, routes: readonly string[]): TimedRead[] {
  return log.filter((r) => r.sentAt >= from && r.sentAt <= to && routes.includes(r.route));
}

/** Seconds from `after` to the first read of `routes` sent after it that answered 200, or null. */
export function firstSuccessAfter(log: readonly TimedRead[], after: number, routes: readonly string[]): number | null {
  const first = log
    .filter((r) => r.sentAt >= after && r.status === 200 && routes.includes(r.route))
    .sort((a, b) => a.answeredAt - b.answeredAt)[0];
  return first ? (first.answeredAt - after) / 1000 : null;
}

export function byStatus(reads: readonly TimedRead[]): string {
  const counts = new Map<number, number>();
  for (const r of reads) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status || 'no answer'}: ${n}`).join(', ') || 'none';
}
