import { App, Button, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';

type Delivery = Schemas['DeliveryDto'];

/** Notifications that could not be delivered after their retries, per recipient and channel; each may go again. */
export default function DeliveriesPage() {
  const t = useT();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [redelivering, setRedelivering] = useState<string>();
  const deliveries = useApi(() => data(api.GET('/notifications/deliveries', { params: { query: { status: 'failed', page, pageSize: 50 } } })), [page]);
  const redeliver = async (notificationKey: string) => {
    setRedelivering(notificationKey);
    try {
      const run = await data(api.POST('/notifications/deliveries/redelivery', { body: { notificationKey } }));
      void message.success(t('deliveries.redelivered', { sends: run.failedSends, addressees: run.unresolvedAddressees }));
      deliveries.reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setRedelivering(undefined);
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t('menu.deliveries')}</Typography.Title>
      <Button onClick={deliveries.reload} style={{ marginBottom: 16 }}>
        {t('action.refresh')}
      </Button>
      <ErrorNote error={deliveries.error} />
      <Table<Delivery>
        rowKey="id"
        loading={deliveries.loading}
        dataSource={deliveries.data?.items ?? []}
        pagination={paging(page, setPage, deliveries.data?.total, 50)}
        columns={[
          { title: t('deliveries.when'), dataIndex: 'updatedAt', render: (u: string) => companyTime(u) },
          { title: t('deliveries.kind'), dataIndex: 'kind', render: (k: string) => t.label('notificationKind', k) },
          { title: t('deliveries.about'), key: 'about', render: (_, d) => d.caseNo ?? d.saleId ?? '—' },
          { title: t('deliveries.recipient'), dataIndex: 'recipientId' },
          { title: t('deliveries.channel'), dataIndex: 'channel', render: (c: string) => t.label('channel', c) },
          { title: t('field.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'failed' ? 'red' : 'default'}>{s}</Tag> },
          { title: t('deliveries.attempts'), dataIndex: 'attempts' },
          { title: t('deliveries.error'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
          {
            title: t('field.actions'),
            key: 'redeliver',
            render: (_, d) => (
              <Button size="small" loading={redelivering === d.notificationKey} onClick={() => void redeliver(d.notificationKey)}>
                {t('deliveries.redeliver')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
