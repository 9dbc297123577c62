import { Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';

export const STATUS_COLOR: Record<string, string> = { awaiting_approval: 'gold', escalated: 'red', approved: 'green', archived: 'green', superseded: 'default' };

/** The stored monthly and quarterly reports, newest period first. */
export default function ReportListPage() {
  const t = useT();
  const [kind, setKind] = useState<'monthly' | 'quarterly' | 'all'>('all');
  const [page, setPage] = useState(1);
  const reports = useApi(
    // Without start and end the answer is the page of stored reports (with them, figures of a range).
    async () => (await data(api.GET('/reports', { params: { query: { ...(kind === 'all' ? {} : { kind }), page, pageSize: 20 } } }))) as Schemas['ReportPageDto'],
    [kind, page],
  );
  return (
    <>
      <Typography.Title level={2}>{t('menu.reports')}</Typography.Title>
      <Segmented
        aria-label={t('field.kind')}
        style={{ marginBottom: 16 }}
        value={kind}
        onChange={(v) => {
          setKind(v as typeof kind);
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('reports.all') },
          { value: 'monthly', label: t.label('reportKind', 'monthly') },
          { value: 'quarterly', label: t.label('reportKind', 'quarterly') },
        ]}
      />
      <ErrorNote error={reports.error} />
      <Table<Schemas['ReportSummaryDto']>
        rowKey="reportId"
        loading={reports.loading}
        dataSource={reports.data?.items ?? []}
        pagination={paging(page, setPage, reports.data?.total)}
        columns={[
          { title: t('reports.period'), dataIndex: 'label', render: (label: string, r) => <Link to={`/reports/${r.kind}/${label}`}>{`${t.label('reportKind', r.kind)} ${label}`}</Link> },
          { title: t('reports.version'), dataIndex: 'version' },
          { title: t('field.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t.label('reportStatus', s)}</Tag> },
          { title: t('reports.generatedAt'), dataIndex: 'generatedAt', render: (g: string) => companyTime(g) },
          { title: t('reports.approvedBy'), dataIndex: 'approvedBy', render: (a: string | null, r) => (a ? `${a} · ${companyTime(r.approvedAt)}` : '—') },
        ]}
      />
    </>
  );
}
