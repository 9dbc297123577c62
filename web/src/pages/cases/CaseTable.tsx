import { Button, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { useApi } from '../../api/useApi';
import { Deadline } from '../../components/Deadline';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';

type Query = NonNullable<operations['FeedbackController_list']['parameters']['query']>;
type Case = Schemas['FeedbackCaseViewDto'];
const STAGES = ['registered', 'assigned', 'in_progress', 'verifying', 'revisiting', 'closed'] as const;
const PRIORITIES = ['high', 'medium', 'low'] as const;
const DEPARTMENTS = ['after_sales', 'rnd', 'logistics', 'sales'] as const;
export const PRIORITY_COLOR = { high: 'red', medium: 'orange', low: 'blue' } as const;

/** Feedback cases from GET /feedback-cases with the filters a person may change; `fixed` filters always apply. */
export function CaseTable({ fixed = {}, filters = ['stage', 'priority', 'department', 'overdue'] }: { fixed?: Query; filters?: ('stage' | 'priority' | 'department' | 'overdue')[] }) {
  const t = useT();
  const [query, setQuery] = useState<Query>({});
  const [page, setPage] = useState(1);
  const set = (patch: Query) => {
    setQuery((q) => ({ ...q, ...patch }));
    setPage(1);
  };
  const cases = useApi(() => data(api.GET('/feedback-cases', { params: { query: { ...query, ...fixed, page, pageSize: 20 } } })), [JSON.stringify(query), JSON.stringify(fixed), page]);
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {filters.includes('stage') && (
          <Select allowClear aria-label={t('field.stage')} placeholder={t('field.stage')} style={{ width: 150 }} value={query?.stage} onChange={(stage) => set({ stage })} options={STAGES.map((s) => ({ value: s, label: t.label('stage', s) }))} />
        )}
        {filters.includes('priority') && (
          <Select allowClear aria-label={t('field.priority')} placeholder={t('field.priority')} style={{ width: 120 }} value={query?.priority} onChange={(priority) => set({ priority })} options={PRIORITIES.map((p) => ({ value: p, label: t.label('priority', p) }))} />
        )}
        {filters.includes('department') && (
          <Select allowClear aria-label={t('field.department')} placeholder={t('field.department')} style={{ width: 140 }} value={query?.department} onChange={(department) => set({ department })} options={DEPARTMENTS.map((d) => ({ value: d, label: t.label('department', d) }))} />
        )}
        {filters.includes('overdue') && (
          <Space>
            <Switch aria-label={t('cases.overdueOnly')} checked={query?.overdue === true} onChange={(on) => set({ overdue: on ? true : undefined })} />
            {t('cases.overdueOnly')}
          </Space>
        )}
        <Button onClick={cases.reload}>{t('action.refresh')}</Button>
      </Space>
      <ErrorNote error={cases.error} />
      <Table<Case>
        rowKey="caseNo"
        loading={cases.loading}
        dataSource={cases.data?.items ?? []}
        pagination={paging(page, setPage, cases.data?.total)}
        scroll={{ x: true }}
        columns={[
          { title: t('field.caseNo'), dataIndex: 'caseNo', render: (no: string) => <Link to={`/cases/${no}`}>{no}</Link> },
          { title: t('field.priority'), dataIndex: 'priority', render: (p: Case['priority']) => <Tag color={PRIORITY_COLOR[p]}>{t.label('priority', p)}</Tag> },
          { title: t('field.classification'), dataIndex: 'classification', render: (c: string) => t.label('classification', c) },
          { title: t('field.stage'), dataIndex: 'stage', render: (s: string) => t.label('stage', s) },
          { title: t('field.department'), dataIndex: 'department', render: (d: string | null) => t.label('department', d) },
          { title: t('field.owner'), dataIndex: 'ownerId', render: (o: string | null) => o ?? '—' },
          { title: t('field.stageDue'), dataIndex: 'stageDueAt', render: (due: string | null, row) => <Deadline dueAt={due} closed={row.stage === 'closed'} /> },
          { title: t('field.missedDeadlines'), dataIndex: 'missedDeadlines', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
          { title: t('field.receivedAt'), dataIndex: 'receivedAt', render: (r: string) => companyTime(r) },
        ]}
      />
    </>
  );
}
