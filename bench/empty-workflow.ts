import { sleep } from '@temporalio/workflow';

// Bench only, never in the product bundle: the cheapest workflows there are, to measure the engine's own limits.

/** Starts and completes: the start ceiling. */
export async function BenchEmpty(): Promise<void> {}

/** Sleeps until `dueAt` (epoch ms) and completes: the timer fan-out floor. */
export async function BenchSleeper(dueAt: number): Promise<void> {
  await sleep(Math.max(1, dueAt - Date.now()));
}
