import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n/I18n';
import { companyTime, timeLeft } from '../time';

/** A stage deadline in company time with the time left, marked once warned (75 % of its time) or overdue. */
export function Deadline({ dueAt, warnAt, closed }: { dueAt: string | null | undefined; warnAt?: string | null; closed?: boolean }) {
  const t = useT();
  if (!dueAt) return <span>—</span>;
  if (closed) return <span>{companyTime(dueAt)}</span>;
  const left = timeLeft(dueAt);
  const warned = !left.past && warnAt != null && new Date(warnAt).getTime() <= Date.now();
  const text = left.past ? t('deadline.overdueBy', { h: left.hours, m: left.minutes }) : t('deadline.left', { h: left.hours, m: left.minutes });
  return (
    <Tooltip title={companyTime(dueAt)}>
      <span>
        {companyTime(dueAt)}{' '}
        <Tag color={left.past ? 'red' : warned ? 'orange' : 'default'} data-testid="deadline-tag">
          {left.past ? t('deadline.overdue') : warned ? t('deadline.warned') : t('deadline.onTrack')} · {text}
        </Tag>
      </span>
    </Tooltip>
  );
}
