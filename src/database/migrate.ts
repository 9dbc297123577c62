import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/config.js';
import { ormConfig } from './orm-config.js';

/** Applies pending migrations; run by the start command and at deploy time, never on every boot. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const applied = await migrate(config.DATABASE_URL);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
}
