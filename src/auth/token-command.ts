import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { issueToken, MAX_TOKEN_DAYS } from './auth.service.js';
import { isRole, ROLES } from './roles.js';
import { TokenError } from './token.js';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --id <who, e.g. A-1001> [--days 30]
Prints a bearer token signed with AUTH_TOKEN_SECRET (the development secret unless set). Every token expires:
after 30 days unless --days says otherwise (at most ${MAX_TOKEN_DAYS}).`;
const DEFAULT_DAYS = 30;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

try {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, id: { type: 'string' }, days: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) fail(USAGE, 0);
  if (!values.role || !values.id) fail(`--role and --id are required\n${USAGE}`, 2);
  if (!isRole(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`, 2);
  const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
  if (!(days > 0 && days <= MAX_TOKEN_DAYS)) fail(`--days must be a number of days above 0 and at most ${MAX_TOKEN_DAYS}`, 2);
  const { AUTH_TOKEN_SECRET } = loadConfig();
  console.log(await issueToken(AUTH_TOKEN_SECRET, { sub: values.id, role: values.role, days }));
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, 78);
  if (err instanceof TokenError) fail(`--id: ${err.message}`, 2);
  if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) fail(`${(err as Error).message}\n${USAGE}`, 2);
  throw err;
}
