import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { BenchConfig } from './config.js';
import type { ApiClient } from './http-client.js';
import type { Services } from './services.js';

export interface Row {
  section: string;
  measure: string;
  value: string;
  target?: string;
  /** true met, false missed, undefined no target. */
  met?: boolean;
}

export interface BenchContext {
  cfg: BenchConfig;
  /** Prefix of every id this run creates. */
  runId: string;
  api: ApiClient;
  temporal: Client;
  db: pg.Pool;
  services: Services;
  rows: Row[];
  notes: string[];
  /** Raw figures of every phase, written to results.json. */
  figures: Record<string, unknown>;
  /** Sales registered per second by the worker in the starts phase, to size the fan-out's lead time. */
  registrationRate?: number;
}

export const log = (message: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}`);

/** How many of this prefix's sales have their three callbacks recorded: the worker has registered them. */
export async function scheduledSales(db: pg.Pool, salePrefix: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*) as n from callback where sale_id like $1`, [`${salePrefix}%`]);
  return Math.floor(Number(rows[0].n) / 3);
}
