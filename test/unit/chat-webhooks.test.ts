import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { chatRequest, dingTalkSign, feishuSign, type ChatMessage } from '../../src/notifications/chat-webhooks.js';

const message: ChatMessage = {
  title: '反馈单 20261123-PHONE-001 已分派给您',
  body: '优先级：高。',
  link: 'http://127.0.0.1:3000/app/cases/20261123-PHONE-001',
  locale: 'zh-CN',
  mention: 'liu_dd',
};
const now = new Date('2026-11-23T02:00:00.000Z');

describe('group-robot requests in each platform\'s format', () => {
  it('WeCom: markdown content with a <@userid> mention, the URL as configured, nothing signed', () => {
    const { url, body } = chatRequest({ platform: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null }, message, now);
    assert.equal(url, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
    assert.deepEqual(body, {
      msgtype: 'markdown',
      markdown: { content: '**反馈单 20261123-PHONE-001 已分派给您**\n优先级：高。\n[http://127.0.0.1:3000/app/cases/20261123-PHONE-001](http://127.0.0.1:3000/app/cases/20261123-PHONE-001)\n<@liu_dd>' },
    });
  });

  it('DingTalk: markdown with @userId in the text and atUserIds, timestamp (ms) and sign in the query', () => {
    const { url, body } = chatRequest({ platform: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'SEC123' }, message, now);
    const query = new URL(url).searchParams;
    assert.equal(query.get('access_token'), 'T');
    assert.equal(query.get('timestamp'), String(now.getTime()));
    assert.equal(query.get('sign'), createHmac('sha256', 'SEC123').update(`${now.getTime()}\nSEC123`).digest('base64'));
    assert.equal(query.get('sign'), dingTalkSign(String(now.getTime()), 'SEC123'));
    assert.equal((body as any).msgtype, 'markdown');
    assert.equal((body as any).markdown.title, message.title);
    assert.match((body as any).markdown.text, /^#### 反馈单[\s\S]*@liu_dd$/);
    assert.deepEqual((body as any).at, { atUserIds: ['liu_dd'], isAtAll: false });
    const unsigned = chatRequest({ platform: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: null }, message, now);
    assert.equal(unsigned.url, 'https://oapi.dingtalk.com/robot/send?access_token=T');
  });

  it('Feishu: a post in the reader\'s language with an at element; timestamp (s) and sign in the body', () => {
    const { url, body } = chatRequest({ platform: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/H', secret: 'S' }, { ...message, locale: 'en', mention: 'ou_1' }, now);
    assert.equal(url, 'https://open.feishu.cn/open-apis/bot/v2/hook/H');
    const timestamp = String(now.getTime() / 1000);
    assert.deepEqual(body, {
      timestamp,
      sign: createHmac('sha256', `${timestamp}\nS`).update('').digest('base64'),
      msg_type: 'post',
      content: {
        post: {
          en_us: {
            title: message.title,
            content: [[{ tag: 'text', text: `${message.body} ` }, { tag: 'a', text: message.link, href: message.link }, { tag: 'at', user_id: 'ou_1' }]],
          },
        },
      },
    });
    assert.equal((body as any).sign, feishuSign(timestamp, 'S'));
    const unsigned = chatRequest({ platform: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/H', secret: null }, { ...message, mention: null }, now);
    assert.deepEqual(Object.keys(unsigned.body), ['msg_type', 'content']);
    assert.deepEqual((unsigned.body as any).content.post.zh_cn.content[0].map((e: { tag: string }) => e.tag), ['text', 'a']);
  });
});
