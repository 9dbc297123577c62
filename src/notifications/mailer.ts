import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../config/config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Without angle brackets; the same for every attempt at one notification to one person. */
  messageId: string;
  headers: Record<string, string>;
}

/** Sends e-mail; resolves once the SMTP server accepted the message. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The domain of the from address, e.g. example.com for "Aftercare <aftercare@example.com>". */
export function messageIdDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@').pop()!.trim().toLowerCase();
}

/**
 * A stable Message-ID per notification and person: a send repeated after a crash (accepted by the server, not yet
 * marked sent) carries the same id, so mail servers and clients that deduplicate by Message-ID show it once.
 */
export function notificationMessageId(notificationKey: string, personId: string, domain: string): string {
  const digest = createHash('sha256').update(`${notificationKey}\n${personId}`).digest('hex').slice(0, 32);
  return `notification.${digest}@${domain}`;
}

/** nodemailer over SMTP, one connection per message: nothing is held open between notifications. */
export function smtpMailer(settings: SmtpSettings): Mailer {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${mail.messageId}>`,
        headers: mail.headers,
      });
    },
    close: () => transport.close(),
  };
}

/** What went wrong with a send, for the delivery list: codes and the server's words, with any e-mail address masked. */
export function mailErrorSummary(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const firstLine = String(e.message ?? err).split('\n')[0];
  const masked = firstLine.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '<address>');
  return [e.code, e.responseCode, masked].filter((part) => part !== undefined && part !== '').join(' ').slice(0, 300);
}
