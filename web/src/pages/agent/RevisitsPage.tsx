import { Typography } from 'antd';
import { useT } from '../../i18n/I18n';
import { CaseTable } from '../cases/CaseTable';

/** Cases waiting for an independent re-visit: any agent who did not handle the case may take one. */
export default function RevisitsPage() {
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>{t('menu.revisits')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('revisits.intro')}</Typography.Paragraph>
      <CaseTable fixed={{ stage: 'revisiting' }} filters={['priority', 'department', 'overdue']} />
    </>
  );
}
