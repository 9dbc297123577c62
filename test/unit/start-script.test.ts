import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('../../../scripts/lib.sh', import.meta.url));
const start = fileURLToPath(new URL('../../../scripts/start.sh', import.meta.url));

/** Runs `script` in bash with the provisioning library sourced; answers its exit code and what it printed. */
function withLib(script: string): { status: number | null; output: string } {
  const run = spawnSync('bash', ['-c', `source "${lib}"; ${script}`], { encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the start command and DATABASE_URL', () => {
  it("reads the host, port, user and database from DATABASE_URL, with libpq's defaults", () => {
    const parts = (url: string) => withLib(`for p in host port user database; do url_part '${url}' $p; done`).output.trim().split('\n');
    assert.deepEqual(parts('postgres://aftercare:s3cret@db.example.com:6543/prod?sslmode=require'), ['db.example.com', '6543', 'aftercare', 'prod']);
    assert.deepEqual(parts('postgresql://svc@[::1]/aftercare'), ['::1', '5432', 'svc', 'aftercare']);
    assert.deepEqual(parts('postgres://svc@localhost'), ['localhost', '5432', 'svc', 'svc']);
  });

  it('shows the URL with its password replaced', () => {
    const { output } = withLib(`redacted_url 'postgres://aftercare:s3cret@db.example.com:6543/prod'`);
    assert.equal(output.trim(), 'postgres://aftercare:***@db.example.com:6543/prod');
    assert.equal(withLib(`redacted_url 'postgres://svc@db/prod'`).output.trim(), 'postgres://svc@db/prod');
  });

  it("checks the server DATABASE_URL names, not 127.0.0.1:5432, and says so without the password", () => {
    const { status, output } = withLib(`ensure_postgres 'postgres://aftercare:s3cret@db.invalid:6543/prod'`);
    assert.equal(status, 1);
    assert.match(output, /PostgreSQL does not answer on db\.invalid:6543 \(postgres:\/\/aftercare:\*\*\*@db\.invalid:6543\/prod\)/);
    assert.doesNotMatch(output, /s3cret/);
  });

  it('passes DATABASE_URL to the check and prints it only redacted', () => {
    const script = readFileSync(start, 'utf8');
    assert.match(script, /ensure_postgres "\$\{DATABASE_URL:-\$DEFAULT_DATABASE_URL\}"/);
    assert.doesNotMatch(script.replace(/redacted_url "\$\{DATABASE_URL[^}]*\}"/g, '').replace(/ensure_postgres "\$\{DATABASE_URL[^}]*\}"/, ''), /\$\{?DATABASE_URL/);
  });
});
