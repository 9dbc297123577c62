// What each kind of notification says, in zh-CN (the default) and English. Rendered from ids, stages, deadlines and
// priorities only: a customer's name, phone or words never reach a template (DOMAIN §7), and neither does the
// workflow's own `message`.
import type { Locale } from '../directory/person.entity.js';
import type { CaseStage } from '../../workflows/feedback-types.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';
import { toCompanyTime, utcOffsetMinutes } from '../../workflows/domain/company-time.js';
import type { NotificationChannel, NotificationFacts, NotificationRecipient } from './notification.entity.js';

/** The parts of a notification a template may use. */
export interface NotificationContent {
  kind: string;
  recipient: NotificationRecipient;
  saleId: string | null;
  callbackId: string | null;
  caseNo: string | null;
  facts: NotificationFacts;
}

export interface RenderedNotification {
  title: string;
  body: string;
  link: string;
}

export interface RenderSettings {
  /** Where the web app lives, e.g. http://127.0.0.1:3000/app. */
  appBaseUrl: string;
  timeZone: string;
}

const STAGES: Record<Locale, Record<CaseStage, string>> = {
  'zh-CN': {
    registered: '分派',
    assigned: '原因分析与计划',
    in_progress: '执行计划',
    verifying: '效果验证',
    revisiting: '独立回访',
    closed: '关闭',
  },
  en: {
    registered: 'assignment',
    assigned: 'root cause and plan',
    in_progress: 'carrying out the plan',
    verifying: 'verification',
    revisiting: 'independent re-visit',
    closed: 'closing',
  },
};

const PRIORITIES: Record<Locale, Record<FeedbackPriority, string>> = {
  'zh-CN': { high: '高', medium: '中', low: '低' },
  en: { high: 'high', medium: 'medium', low: 'low' },
};

const CHANNELS: Record<Locale, Record<NotificationChannel, string>> = {
  'zh-CN': { inbox: '站内信', email: '电子邮件', chat: '企业群聊' },
  en: { inbox: 'inbox', email: 'e-mail', chat: 'enterprise chat' },
};

const REPORT_KINDS: Record<Locale, Record<string, string>> = {
  'zh-CN': { monthly: '月度', quarterly: '季度' },
  en: { monthly: 'monthly', quarterly: 'quarterly' },
};

/** A deadline in company time with its offset: 2026-12-03 17:30 (UTC+08:00). */
export function companyTimeText(iso: string, timeZone: string): string {
  const { date, msOfDay } = toCompanyTime(iso, timeZone);
  const minutes = Math.floor(msOfDay / 60_000);
  const offset = utcOffsetMinutes(timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} (${zone})`;
}

/** monthly-2026-10-v2 → its kind, label and version. */
export function reportParts(reportId: string): { kind: string; label: string; version: number } | null {
  const match = /^(monthly|quarterly)-(.+)-v(\d+)$/.exec(reportId);
  return match ? { kind: match[1], label: match[2], version: Number(match[3]) } : null;
}

/** The web app's page for the notification (contract: /cases/<caseNo>, /sales/<saleId>, /leads, …). */
export function linkOf(n: NotificationContent, appBaseUrl: string): string {
  const base = appBaseUrl.replace(/\/+$/, '');
  const report = n.facts.reportId ? reportParts(n.facts.reportId) : null;
  const path = (() => {
    switch (n.kind) {
      case 'repurchase_lead':
        return '/leads';
      case 'questionnaire_chase':
        return n.callbackId ? `/callbacks/${encodeURIComponent(n.callbackId)}` : '/inbox';
      case 'delivery_failing':
      case 'recipient_unresolved':
        return '/admin/deliveries';
    }
    if (report) return `/reports/${report.kind}/${encodeURIComponent(report.label)}`;
    if (n.caseNo) return `/cases/${encodeURIComponent(n.caseNo)}`;
    if (n.saleId) return `/sales/${encodeURIComponent(n.saleId)}`;
    return '/inbox';
  })();
  return `${base}${path}`;
}

type Template = (n: NotificationContent, say: Phrases) => { title: string; body: string };

interface Phrases {
  locale: Locale;
  due: string | null;
  stage: string | null;
  priority: string | null;
  report: { kind: string; label: string; version: number } | null;
}

const zh = (p: Phrases) => p.locale === 'zh-CN';

const reportName = (p: Phrases): string =>
  p.report
    ? zh(p)
      ? `${REPORT_KINDS['zh-CN'][p.report.kind]}满意度报告 ${p.report.label}`
      : `The ${REPORT_KINDS.en[p.report.kind]} satisfaction report ${p.report.label}`
    : zh(p)
      ? '满意度报告'
      : 'The satisfaction report';

// Chinese sentences follow each other without a space, English ones with one.
const sentence = (...parts: (string | null | false)[]): string => parts.filter(Boolean).join(' ');
const joinZh = (...parts: (string | null | false)[]): string => parts.filter(Boolean).join('');

/** One template per kind the workflows and the delivery send. */
const TEMPLATES: Record<string, Template> = {
  case_assigned: (n, p) =>
    zh(p)
      ? {
          title: `反馈单 ${n.caseNo} 已分派给您`,
          body: joinZh(p.priority && `优先级：${p.priority}。`, `请${p.due ? `在 ${p.due} 前` : '尽快'}提交原因分析（5-Why）和改进计划。`),
        }
      : {
          title: `Feedback case ${n.caseNo} is assigned to you`,
          body: sentence(p.priority && `Priority: ${p.priority}.`, `Submit the root cause (5-Why) and the plan${p.due ? ` by ${p.due}` : ''}.`),
        },
  case_deadline_warning: (n, p) =>
    zh(p)
      ? { title: `反馈单 ${n.caseNo}：${p.stage ?? '当前'}阶段即将到期`, body: joinZh(p.due && `截止时间 ${p.due}。`, '请在截止前完成本阶段。') }
      : {
          title: `Feedback case ${n.caseNo}: the ${p.stage ?? 'current'} stage is due soon`,
          body: sentence(p.due && `It is due ${p.due}.`, 'Finish the stage before then.'),
        },
  case_deadline_missed: (n, p) =>
    zh(p)
      ? {
          title: `反馈单 ${n.caseNo}：${p.stage ?? '当前'}阶段已超期`,
          body: joinZh(p.due && `截止时间 ${p.due} 已过。`, p.priority && `优先级：${p.priority}。`, '请督办。'),
        }
      : {
          title: `Feedback case ${n.caseNo}: the ${p.stage ?? 'current'} stage is overdue`,
          body: sentence(p.due && `It was due ${p.due}.`, p.priority && `Priority: ${p.priority}.`, 'Please follow it up.'),
        },
  external_complaint: (n, p) =>
    zh(p)
      ? {
          title: `客户已向外部投诉${n.caseNo ? `：反馈单 ${n.caseNo}` : ''}`,
          body: joinZh(
            `销售 ${n.saleId}${n.callbackId ? ` 的回访 ${n.callbackId}` : ''} 中，客户表示已向厂家、媒体或政府部门投诉。`,
            n.caseNo && `已开立高优先级反馈单 ${n.caseNo}。`,
          ),
        }
      : {
          title: `A customer complained externally${n.caseNo ? `: feedback case ${n.caseNo}` : ''}`,
          body: sentence(
            `In ${n.callbackId ? `callback ${n.callbackId} of ` : ''}sale ${n.saleId} the customer said they complained to the manufacturer, the media or a government body.`,
            n.caseNo && `High-priority feedback case ${n.caseNo} is open.`,
          ),
        },
  repurchase_lead: (n, p) =>
    zh(p)
      ? { title: `新的复购线索：销售 ${n.saleId}`, body: `回访 ${n.callbackId} 中客户表示有复购意向，请在线索列表中跟进。` }
      : { title: `New repurchase lead: sale ${n.saleId}`, body: `In callback ${n.callbackId} the customer showed interest in buying again; follow it up in the leads list.` },
  questionnaire_chase: (n, p) =>
    zh(p)
      ? { title: `问卷未回收：回访 ${n.callbackId}`, body: `销售 ${n.saleId} 的问卷发出后仍未收回，请催收一次。` }
      : { title: `Questionnaire not back: callback ${n.callbackId}`, body: `The questionnaire of sale ${n.saleId} has not come back; chase it once.` },
  report_review: (_n, p) =>
    zh(p)
      ? { title: `${reportName(p)} 待审批`, body: joinZh(p.report && `版本 v${p.report.version}。`, `请${p.due ? `在 ${p.due} 前` : ''}审核并审批。`) }
      : { title: `${reportName(p)} awaits approval`, body: sentence(p.report && `Version v${p.report.version}.`, `Review and approve it${p.due ? ` by ${p.due}` : ''}.`) },
  report_restated: (_n, p) =>
    zh(p)
      ? {
          title: `${reportName(p)} 已重述，待审批`,
          body: joinZh(`报告生成后又有调查记录到达${p.report ? `，现为 v${p.report.version}` : ''}。`, p.due && `请在 ${p.due} 前审批。`),
        }
      : {
          title: `${reportName(p)} was restated and awaits approval`,
          body: sentence(`Surveys arrived after it was produced${p.report ? `; it is now v${p.report.version}` : ''}.`, p.due && `Approve it by ${p.due}.`),
        },
  report_reminder: (_n, p) =>
    zh(p)
      ? { title: `提醒：${reportName(p)} 尚未审批`, body: p.due ? `审批截止时间 ${p.due}。` : '请尽快审批。' }
      : { title: `Reminder: ${reportName(p).replace(/^The /, 'the ')} is not approved yet`, body: p.due ? `Approval is due ${p.due}.` : 'Approve it soon.' },
  report_not_approved: (_n, p) =>
    zh(p)
      ? { title: `${reportName(p)} 未按期审批`, body: joinZh(p.due && `审批截止时间 ${p.due} 已过，`, '现可由总经理审批。') }
      : { title: `${reportName(p)} was not approved in time`, body: sentence(p.due && `Approval was due ${p.due};`, 'the general manager may now approve it.') },
  delivery_failing: (n, p) => {
    const r = n.facts.regarding;
    const channel = r?.channel ? CHANNELS[p.locale][r.channel] : '';
    return zh(p)
      ? {
          title: `通知投递持续失败：${channel}`,
          body: joinZh(
            `通知 ${r?.key}（${r?.kind}）${r?.recipient ? `发给 ${r.recipient} ` : ''}的${channel}投递已失败 ${r?.attempts ?? ''} 次，仍在重试；站内信已送达。`,
            '同一渠道的其他失败见投递列表。',
          ),
        }
      : {
          title: `Notifications keep failing on ${channel}`,
          body: sentence(
            `The ${channel} delivery of notification ${r?.key} (${r?.kind})${r?.recipient ? ` to ${r.recipient}` : ''} failed ${r?.attempts ?? ''} times and is being retried; the inbox entry is there.`,
            'Other failures on this channel are in the delivery list.',
          ),
        };
  },
  recipient_unresolved: (n, p) => {
    const r = n.facts.regarding;
    return zh(p)
      ? {
          title: `通知无人接收：${r?.kind}`,
          body: `通知 ${r?.key} 的接收人 ${r?.recipient} 在人员目录中没有在职人员。请在目录中补充人员；此通知不会自动补发。`,
        }
      : {
          title: `Nobody to tell: ${r?.kind}`,
          body: `Notification ${r?.key} is for ${r?.recipient}, who resolves to nobody active in the staff directory. Add the person to the directory; this notification is not sent again by itself.`,
        };
  },
};

/** Kinds that have a template; a notification of another kind gets a plain one naming its ids. */
export const NOTIFICATION_KINDS = Object.keys(TEMPLATES);

const fallback: Template = (n, p) => {
  const ids = [n.caseNo && `${zh(p) ? '反馈单' : 'case'} ${n.caseNo}`, n.saleId && `${zh(p) ? '销售' : 'sale'} ${n.saleId}`]
    .filter(Boolean)
    .join(', ');
  return zh(p) ? { title: `新通知：${n.kind}`, body: ids || n.kind } : { title: `New notification: ${n.kind}`, body: ids || n.kind };
};

/** The title, body and link of a notification for a person who reads `locale`. */
export function renderNotification(n: NotificationContent, locale: Locale, settings: RenderSettings): RenderedNotification {
  const report = n.facts.reportId ? reportParts(n.facts.reportId) : null;
  const phrases: Phrases = {
    locale,
    due: n.facts.dueAt ? companyTimeText(n.facts.dueAt, settings.timeZone) : null,
    stage: n.facts.stage ? STAGES[locale][n.facts.stage] : null,
    priority: n.facts.priority ? PRIORITIES[locale][n.facts.priority] : null,
    report,
  };
  const { title, body } = (TEMPLATES[n.kind] ?? fallback)(n, phrases);
  return { title, body, link: linkOf(n, settings.appBaseUrl) };
}
