import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync, rmSync, type WriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import type { FaultSettings } from './settings.js';

const DIST = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The API or the worker as a real process; its output goes to <FAULTS_DIR>/<name>.log across restarts. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private readonly log: WriteStream;
  private output = '';
  starts = 0;

  constructor(
    readonly name: 'api' | 'worker',
    private readonly env: Record<string, string>,
    private readonly dir: string,
  ) {
    this.log = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.alive) throw new Error(`${this.name} is already running`);
    const entry = this.name === 'api' ? 'main' : 'worker';
    const child = spawn(process.execPath, [`${DIST}src/${entry}.js`], {
      env: { ...process.env, ...this.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts += 1;
    this.output = '';
    const keep = (chunk: Buffer) => {
      this.log.write(chunk);
      this.output += chunk.toString();
      if (this.output.length > 100_000) this.output = this.output.slice(-50_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.child = child;
    writeFileSync(join(this.dir, `${this.name}.pid`), String(child.pid));
  }

  /** Waits until this start printed `text`; fails early when the process exits. */
  async waitForOutput(text: string | RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (typeof text === 'string' ? this.output.includes(text) : text.test(this.output)) return;
      if (!this.alive) throw new Error(`${this.name} exited (${this.child?.exitCode ?? this.child?.signalCode}); see ${this.dir}/${this.name}.log`);
      await delay(50);
    }
    throw new Error(`${this.name} did not print ${String(text)} within ${timeoutMs} ms; see ${this.dir}/${this.name}.log`);
  }

  /** kill -9: no shutdown hooks, in-flight tasks abandoned. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    rmSync(join(this.dir, `${this.name}.pid`), { force: true });
  }
}

/** Every day of this year and the next is a working day: callbacks open whenever the run happens. */
export async function alwaysOpenCalendar(dir: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const weekendDays = (y: number) => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };
  const calendar = {
    version: 'faults-always-open',
    years: Object.fromEntries([year - 1, year, year + 1].map((y) => [y, { official: true, holidays: [], workdays: weekendDays(y) }])),
  };
  const file = join(await mkdtemp(join(dir, 'calendar-')), 'calendar.json');
  await writeFile(file, JSON.stringify(calendar));
  return file;
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The PostgreSQL cluster and the Temporal dev server scripts/faults.sh provisioned, broken and mended through it. */
export class Servers {
  constructor(private readonly settings: FaultSettings) {}

  private async ctl(action: 'pg-stop' | 'pg-start' | 'temporal-start'): Promise<string> {
    const { stdout } = await run('bash', [this.settings.FAULTS_CTL, action], { env: process.env, maxBuffer: 1 << 20 });
    return stdout.trim();
  }

  stopDatabase(): Promise<string> {
    return this.ctl('pg-stop');
  }

  startDatabase(): Promise<string> {
    return this.ctl('pg-start');
  }

  /** kill -9 the dev server and wait until its port is closed. */
  async killTemporal(): Promise<void> {
    const pid = Number(readFileSync(join(this.settings.FAULTS_DIR, 'temporal.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const port = Number(this.settings.TEMPORAL_ADDRESS.split(':').pop());
    while (await portOpen(port)) await delay(50);
  }

  /** Starts the dev server again on the same SQLite file; resolves once its namespace answers. */
  async startTemporal(): Promise<void> {
    await this.ctl('temporal-start');
  }
}
