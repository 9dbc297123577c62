import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../', import.meta.url));

export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** True once stop() was called: an exit from then on is expected. */
  readonly stopping: boolean;
  /** Resident memory now and at its peak (VmRSS, VmHWM), in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Resolves once the process printed a line matching `pattern`; fails if it exits first or after `timeoutMs`. */
  printed(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `node dist/<script>` with the environment given; its output goes to `<logDir>/<name>.log`. */
export function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  logDir: string,
  nodeArgs: string[] = [],
): BenchProcess {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, script)], {
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let recent = '';
  const remember = (chunk: Buffer) => {
    recent = (recent + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);
  let exited = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    exited = true;
    log.end(`\n[bench] ${name} exited (${code ?? signal})\n`);
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const pid = child.pid;
  return {
    name,
    child,
    pid,
    get stopping() {
      return stopping;
    },
    async memory() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kib('VmRSS'), peak: kib('VmHWM') };
    },
    printed(pattern, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(recent)) finish();
        };
        const fail = () => finish(new Error(`${name} exited before printing ${pattern}; last output:\n${recent.slice(-2000)}`));
        const timer = setTimeout(() => finish(new Error(`${name} did not print ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs);
        const finish = (err?: Error) => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          child.off('exit', fail);
          if (err) reject(err);
          else resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', fail);
        check();
        if (exited) fail();
      });
    },
    async stop() {
      stopping = true;
      if (exited || child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Fails the benchmark at once when a process it relies on dies. */
export function mustStayUp(proc: BenchProcess, onDeath: (message: string) => void): void {
  proc.child.once('exit', (code, signal) => {
    if (proc.stopping) return;
    onDeath(`${proc.name} exited unexpectedly (${code ?? signal}); see its log`);
  });
}
