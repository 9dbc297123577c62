// Group-robot webhooks of the enterprise chat platforms, in their documented formats:
//  - WeCom (企业微信): {"msgtype":"markdown","markdown":{"content"}}, <@userid> mentions, no signing;
//  - DingTalk (钉钉): {"msgtype":"markdown","markdown":{"title","text"},"at":{"atUserIds"}}, the text naming @userid;
//    with a secret, `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)) in the query;
//  - Feishu (飞书): {"msg_type":"post","content":{"post":{"zh_cn"|"en_us":{"title","content"}}}} with an `at` element;
//    with a secret, `timestamp` (s) and `sign` = base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")) in the body.
import { createHmac } from 'node:crypto';
import type { ChatPlatform } from '../directory/department.entity.js';
import type { Locale } from '../directory/person.entity.js';
import type { RenderedNotification } from './templates.js';

export interface ChatTarget {
  platform: ChatPlatform;
  webhookUrl: string;
  secret: string | null;
}

export interface ChatMessage extends RenderedNotification {
  locale: Locale;
  /** The recipient's user id on the platform, to @-mention them; null posts without a mention. */
  mention: string | null;
}

export interface ChatRequest {
  url: string;
  body: Record<string, unknown>;
}

export function dingTalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(timestampS: string, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** The request a platform's robot expects for one message, signed at `now` when the department has a secret. */
export function chatRequest(target: ChatTarget, message: ChatMessage, now: Date): ChatRequest {
  const { title, body, link, mention } = message;
  switch (target.platform) {
    case 'wecom':
      return {
        url: target.webhookUrl,
        body: { msgtype: 'markdown', markdown: { content: [`**${title}**`, body, `[${link}](${link})`, mention ? `<@${mention}>` : ''].filter(Boolean).join('\n') } },
      };
    case 'dingtalk': {
      const url = new URL(target.webhookUrl);
      if (target.secret) {
        const timestamp = String(now.getTime());
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', dingTalkSign(timestamp, target.secret));
      }
      return {
        url: url.toString(),
        body: {
          msgtype: 'markdown',
          markdown: { title, text: [`#### ${title}`, body, `[${link}](${link})`, mention ? `@${mention}` : ''].filter(Boolean).join('\n\n') },
          at: { atUserIds: mention ? [mention] : [], isAtAll: false },
        },
      };
    }
    case 'feishu': {
      const line = [
        { tag: 'text', text: `${body} ` },
        { tag: 'a', text: link, href: link },
        ...(mention ? [{ tag: 'at', user_id: mention }] : []),
      ];
      const post = { [message.locale === 'en' ? 'en_us' : 'zh_cn']: { title, content: [line] } };
      const signature = target.secret
        ? (() => {
            const timestamp = String(Math.floor(now.getTime() / 1000));
            return { timestamp, sign: feishuSign(timestamp, target.secret) };
          })()
        : {};
      return { url: target.webhookUrl, body: { ...signature, msg_type: 'post', content: { post } } };
    }
  }
}

/** A post the platform refused or did not answer; the text names codes, never the message or the webhook's key. */
export class ChatPostFailed extends Error {}

/** Posts one message; resolves when the platform answered success (errcode 0 / code 0), throws ChatPostFailed otherwise. */
export async function postChatMessage(target: ChatTarget, message: ChatMessage, timeoutMs = 10_000, now = new Date()): Promise<void> {
  const request = chatRequest(target, message, now);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new ChatPostFailed(`${target.platform} robot unreachable (${cause})`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new ChatPostFailed(`${target.platform} robot answered HTTP ${response.status}`);
  let answer: { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown; StatusCode?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new ChatPostFailed(`${target.platform} robot answered HTTP ${response.status} without JSON`);
  }
  const code = target.platform === 'feishu' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  if (code !== 0) {
    const said = target.platform === 'feishu' ? answer.msg : answer.errmsg;
    const words = typeof said === 'string' ? said.slice(0, 120) : '';
    throw new ChatPostFailed(`${target.platform} robot refused the message: code ${JSON.stringify(code) ?? 'none'} ${words}`.trim());
  }
}
