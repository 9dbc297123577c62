import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config/config.js';
import { ormConfig } from '../database/orm-config.js';
import { parseCalendarFile } from './calendar-file.js';
import { describeChange, loadCalendarFromDatabase, upsertCalendarYears } from './calendar-store.js';

/**
 * `npm run calendar:load -- path/to/year.json`: checks the file (one year, or a whole `{version, years}` calendar),
 * loads its years into business_calendar_year and prints what changed. Deadlines computed from then on use it.
 */
async function loadCalendarFile(databaseUrl: string, file: string): Promise<void> {
  const years = parseCalendarFile(await readFile(file, 'utf8'));
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const changes = await upsertCalendarYears(orm.em, years, 'file');
    for (const change of changes) console.log(describeChange(change));
    console.log(`calendar version: ${(await loadCalendarFromDatabase(orm)).version}`);
  } finally {
    await orm.close();
  }
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run calendar:load -- path/to/year.json');
  process.exit(64);
}
try {
  await loadCalendarFile(loadConfig().DATABASE_URL, file);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `${file}: ${(err as Error).message}`);
  process.exit(err instanceof ConfigError ? 78 : 65);
}
