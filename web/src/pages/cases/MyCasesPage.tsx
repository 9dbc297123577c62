import { Card, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { usePerson } from '../../app/session';
import { Deadline } from '../../components/Deadline';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { CaseTable, PRIORITY_COLOR } from './CaseTable';

/** One open case with the warning time of its current stage, read from the case's live state. */
function OpenCase({ item }: { item: Schemas['FeedbackCaseViewDto'] }) {
  const t = useT();
  const state = useApi(() => data(api.GET('/feedback-cases/{caseNo}', { params: { path: { caseNo: item.caseNo } } })), [item.caseNo]);
  const current = state.data?.deadlines.filter((d) => d.stage === item.stage && d.cycle === item.cycle).pop();
  return (
    <List.Item>
      <Space wrap>
        <Link to={`/cases/${item.caseNo}`}>{item.caseNo}</Link>
        <Tag color={PRIORITY_COLOR[item.priority]}>{t.label('priority', item.priority)}</Tag>
        <Tag>{t.label('stage', item.stage)}</Tag>
        {state.loading ? <Spin size="small" /> : <Deadline dueAt={item.stageDueAt} warnAt={current?.warnAt} />}
      </Space>
    </List.Item>
  );
}

/** The department owner's cases: open ones with their stage deadline and time left, then all of them. */
export default function MyCasesPage() {
  const t = useT();
  const person = usePerson();
  const open = useApi(async () => {
    const [assigned, inProgress] = await Promise.all(
      (['assigned', 'in_progress'] as const).map((stage) => data(api.GET('/feedback-cases', { params: { query: { ownerId: person.id, stage, pageSize: 100 } } }))),
    );
    return [...(assigned?.items ?? []), ...(inProgress?.items ?? [])].sort((a, b) => (a.stageDueAt ?? '').localeCompare(b.stageDueAt ?? ''));
  }, [person.id]);
  return (
    <>
      <Typography.Title level={2}>{t('menu.myCases')}</Typography.Title>
      <Card title={t('myCases.open')} size="small" style={{ marginBottom: 24 }}>
        <ErrorNote error={open.error} />
        <List loading={open.loading} dataSource={open.data ?? []} locale={{ emptyText: t('myCases.none') }} renderItem={(item) => <OpenCase item={item} />} />
      </Card>
      <Typography.Title level={3}>{t('myCases.all')}</Typography.Title>
      <CaseTable fixed={{ ownerId: person.id }} filters={['stage', 'priority']} />
    </>
  );
}
