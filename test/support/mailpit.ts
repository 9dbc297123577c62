import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEnv } from './env.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export interface MailpitMessage {
  ID: string;
  MessageID: string;
  To: { Name: string; Address: string }[];
  Subject: string;
  Snippet: string;
}

export interface MailpitMessageDetail extends MailpitMessage {
  Text: string;
}

/** A real SMTP server of the test's own (mailpit, provisioned by scripts/lib.sh), on free ports, keeping mail on disk. */
export interface Mailpit {
  readonly smtpPort: number;
  readonly httpPort: number;
  /** Every message received, newest first, read through mailpit's HTTP API. */
  messages(): Promise<MailpitMessage[]>;
  message(id: string): Promise<MailpitMessageDetail>;
  /** Messages to this address. */
  to(address: string): Promise<MailpitMessage[]>;
  /** Kills the server (SIGKILL, like a crash); start() brings it back on the same ports with the same mail. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMailpit(): Promise<Mailpit> {
  const binary = requireEnv('MAILPIT');
  const dir = await mkdtemp(join(tmpdir(), 'aftercare-mailpit-'));
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const api = `http://127.0.0.1:${httpPort}/api/v1`;
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(
      binary,
      ['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`, '--database', join(dir, 'mailpit.db'), '--max', '0', '--disable-version-check', '--smtp-disable-rdns', '--quiet'],
      { stdio: 'ignore' },
    );
    await waitFor('mailpit to answer', async () => ((await fetch(`${api}/info`)).ok ? true : undefined), 20_000);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGKILL');
    await once(running, 'exit');
  };
  const messages = async (): Promise<MailpitMessage[]> => {
    const answer = (await (await fetch(`${api}/messages?limit=1000`)).json()) as { messages: MailpitMessage[] };
    return answer.messages;
  };

  await start();
  return {
    smtpPort,
    httpPort,
    messages,
    message: async (id) => (await (await fetch(`${api}/message/${id}`)).json()) as MailpitMessageDetail,
    to: async (address) => (await messages()).filter((m) => m.To.some((to) => to.Address === address)),
    kill,
    start,
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
