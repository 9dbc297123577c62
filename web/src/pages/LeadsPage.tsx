import { Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../api/client';
import { useApi } from '../api/useApi';
import { usePerson } from '../app/session';
import { paging } from '../components/paging';
import { ErrorNote } from '../components/ErrorNote';
import { useT } from '../i18n/I18n';
import { companyTime } from '../time';

const STATUSES = ['new', 'contacted', 'won', 'lost'] as const;

/** Repurchase leads found in callbacks: a sales owner sees their own, managers all of them. */
export default function LeadsPage() {
  const t = useT();
  const person = usePerson();
  const ownOnly = !person.roles.some((r) => r === 'after_sales_manager' || r === 'general_manager');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>();
  const [page, setPage] = useState(1);
  const leads = useApi(
    () => data(api.GET('/leads', { params: { query: { ...(ownOnly ? { salesOwner: person.id } : {}), ...(status ? { status } : {}), page, pageSize: 20 } } })),
    [ownOnly, status, page],
  );
  return (
    <>
      <Typography.Title level={2}>{t('menu.leads')}</Typography.Title>
      <Select allowClear aria-label={t('field.status')} placeholder={t('field.status')} style={{ width: 160, marginBottom: 16 }} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: t.label('leadStatus', s) }))} />
      <ErrorNote error={leads.error} />
      <Table<Schemas['LeadViewDto']>
        rowKey="leadId"
        loading={leads.loading}
        dataSource={leads.data?.items ?? []}
        pagination={paging(page, setPage, leads.data?.total)}
        columns={[
          { title: t('field.createdAt'), dataIndex: 'createdAt', render: (c: string) => companyTime(c) },
          { title: t('field.sale'), dataIndex: 'saleId', render: (s: string) => (ownOnly ? s : <Link to={`/sales/${s}`}>{s}</Link>) },
          { title: t('field.customer'), dataIndex: 'customerId' },
          { title: t('leads.interest'), dataIndex: 'productInterest' },
          { title: t('leads.owner'), dataIndex: 'salesOwner' },
          { title: t('field.status'), dataIndex: 'status', render: (s: string) => <Tag>{t.label('leadStatus', s)}</Tag> },
        ]}
      />
    </>
  );
}
