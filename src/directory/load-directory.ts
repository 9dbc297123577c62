import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config/config.js';
import { ormConfig } from '../database/orm-config.js';
import { applyDirectoryFile, DirectoryFileError, fileProblem, parseDirectoryFile } from './directory-file.js';

/**
 * `npm run directory:load -- path/to/directory.json`: checks the file, creates or changes its departments and people
 * and prints what changed; a second run with the same file changes nothing. Outside production,
 * DIRECTORY_INITIAL_PASSWORD gives that password to the file's people who have none yet.
 */
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run directory:load -- path/to/directory.json');
  process.exit(64);
}
try {
  const config = loadConfig();
  const directory = parseDirectoryFile(await readFile(file, 'utf8'));
  const orm = await MikroORM.init(ormConfig(config.DATABASE_URL));
  try {
    const lines = await applyDirectoryFile(orm.em.fork(), directory, {
      now: new Date(),
      ...(config.DIRECTORY_INITIAL_PASSWORD === undefined ? {} : { initialPassword: config.DIRECTORY_INITIAL_PASSWORD }),
    }).catch((err: unknown) => {
      throw fileProblem(err);
    });
    for (const line of lines) console.log(line);
  } finally {
    await orm.close();
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  console.error(err instanceof DirectoryFileError ? `${file}:\n${err.message}` : `${file}: ${(err as Error).message}`);
  process.exit(65);
}
