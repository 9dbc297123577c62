import { Typography } from 'antd';
import { useT } from '../../i18n/I18n';
import { CaseTable } from './CaseTable';

/** The after-sales manager's board: every case, by stage, priority, department, overdue. */
export default function CaseBoardPage() {
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>{t('menu.caseBoard')}</Typography.Title>
      <CaseTable />
    </>
  );
}
