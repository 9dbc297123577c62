import { Button, DatePicker, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime, type dayjs } from '../../time';

type Access = Schemas['ContactAccessDto'];

/** Every read of a customer's contact: who, when, which customer, why (DOMAIN §7). */
export default function AccessLogPage() {
  const t = useT();
  const [person, setPerson] = useState('');
  const [customer, setCustomer] = useState('');
  const [range, setRange] = useState<[dayjs.Dayjs | null, dayjs.Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const log = useApi(
    () =>
      data(
        api.GET('/contact-access-log', {
          params: {
            query: {
              ...(person.trim() ? { person: person.trim() } : {}),
              ...(customer.trim() ? { customer: customer.trim() } : {}),
              ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
              ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
              page,
              pageSize: 50,
            },
          },
        }),
      ),
    [person, customer, range?.[0]?.valueOf(), range?.[1]?.valueOf(), page],
  );
  return (
    <>
      <Typography.Title level={2}>{t('menu.accessLog')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input aria-label={t('access.person')} placeholder={t('access.person')} value={person} onChange={(e) => setPerson(e.target.value)} style={{ width: 160 }} />
        <Input aria-label={t('field.customer')} placeholder={t('field.customer')} value={customer} onChange={(e) => setCustomer(e.target.value)} style={{ width: 160 }} />
        <DatePicker.RangePicker aria-label={t('access.dates')} value={range} onChange={(v) => setRange(v)} />
        <Button onClick={log.reload}>{t('action.refresh')}</Button>
      </Space>
      <ErrorNote error={log.error} />
      <Table<Access>
        rowKey="id"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        pagination={paging(page, setPage, log.data?.total, 50)}
        columns={[
          { title: t('access.at'), dataIndex: 'accessedAt', render: (a: string) => companyTime(a, 'YYYY-MM-DD HH:mm:ss') },
          { title: t('access.person'), dataIndex: 'personId', render: (p: string, r) => `${p} (${t.label('role', r.role)})` },
          { title: t('field.customer'), dataIndex: 'customerId' },
          { title: t('field.sale'), dataIndex: 'saleId' },
          { title: t('access.purpose'), dataIndex: 'purpose', render: (p: string, r) => `${t.label('purpose', p)} ${r.callbackId ?? r.caseNo ?? ''}` },
        ]}
      />
    </>
  );
}
