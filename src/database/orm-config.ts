import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Callback } from '../callbacks/callback.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { Sale } from '../sales/sale.entity.js';

export const ENTITIES = [Customer, Sale, Callback];

const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

/** One ORM configuration for the API, the worker, the migrate command and the tests. */
export function ormConfig(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: { path: migrationsPath, glob: '!(*.d).js', silent: true, snapshot: false },
    pool: { min: 0, max: 10 },
    ...overrides,
  });
}
