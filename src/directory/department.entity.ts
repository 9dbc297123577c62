import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { oneOf, optionalText, text } from '../common/invariants.js';

/** The enterprise chat platforms whose group-robot webhooks a department can be told through. */
export const CHAT_PLATFORMS = ['wecom', 'dingtalk', 'feishu'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** A department code: lower-case letters, digits and underscores (after_sales, rnd, logistics, sales). */
export const DEPARTMENT_CODE = /^[a-z][a-z0-9_]{0,31}$/;

/** A department of the staff directory, with the group-robot webhook its members are told through. */
@Entity({ tableName: 'department' })
export class Department {
  @PrimaryKey({ type: 'string', length: 32 })
  code: string;

  @Property({ type: 'string', length: 100 })
  name: string;

  @Property({ type: 'string', length: 16, nullable: true })
  chatPlatform: ChatPlatform | null;

  /** The group robot's webhook URL; WeCom's and DingTalk's carry their access key, so it is never shown back. */
  @Property({ type: 'text', nullable: true, hidden: true })
  chatWebhookUrl: string | null;

  /** The signing secret of DingTalk and Feishu robots that have signing on (WeCom does not sign); never shown back. */
  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  chatSecret: string | null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: { code: string; name: string; chatPlatform?: ChatPlatform | null; chatWebhookUrl?: string | null; chatSecret?: string | null }) {
    if (typeof props.code !== 'string' || !DEPARTMENT_CODE.test(props.code)) {
      throw new Error(`code must be 1-32 lower-case letters, digits or underscores starting with a letter, got ${String(props.code)}`);
    }
    this.code = props.code;
    this.name = text(props.name, 'name', 100);
    this.chatPlatform = null;
    this.chatWebhookUrl = null;
    this.chatSecret = null;
    this.setChat(props);
  }

  rename(name: string): void {
    this.name = text(name, 'name', 100);
  }

  /** A platform and a webhook go together: one without the other could never deliver. */
  setChat(props: { chatPlatform?: ChatPlatform | null; chatWebhookUrl?: string | null; chatSecret?: string | null }): void {
    const platform = props.chatPlatform === undefined || props.chatPlatform === null ? null : oneOf(props.chatPlatform, CHAT_PLATFORMS, 'chatPlatform');
    const url = optionalText(props.chatWebhookUrl, 'chatWebhookUrl', 2000);
    if ((platform === null) !== (url === null)) throw new Error('chatPlatform and chatWebhookUrl are given together or not at all');
    if (url !== null && !/^https?:\/\/\S+$/.test(url)) throw new Error('chatWebhookUrl must be an http(s) URL');
    const secret = optionalText(props.chatSecret, 'chatSecret', 200);
    if (secret !== null && platform === 'wecom') throw new Error('a WeCom robot does not sign its requests: chatSecret is for dingtalk and feishu');
    this.chatPlatform = platform;
    this.chatWebhookUrl = url;
    this.chatSecret = platform === null ? null : secret;
  }
}
