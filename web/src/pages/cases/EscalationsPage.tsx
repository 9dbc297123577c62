import { Tabs, Typography } from 'antd';
import { useT } from '../../i18n/I18n';
import { CaseTable } from './CaseTable';

/** Escalations: cases that missed a deadline, cases overdue now, and complaints to outside bodies (told to the GM at once). */
export default function EscalationsPage() {
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>{t('menu.escalations')}</Typography.Title>
      <Tabs
        items={[
          { key: 'escalated', label: t('escalations.missed'), children: <CaseTable fixed={{ escalated: true }} filters={['stage', 'priority', 'department']} /> },
          { key: 'overdue', label: t('escalations.overdue'), children: <CaseTable fixed={{ overdue: true }} filters={['stage', 'priority', 'department']} /> },
          { key: 'complaints', label: t('escalations.complaints'), children: <CaseTable fixed={{ classification: 'complaint' }} filters={['stage', 'department']} /> },
        ]}
      />
    </>
  );
}
