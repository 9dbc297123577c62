import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { usePerson } from '../../app/session';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';

type Call = Schemas['CallDto'];
type Filter = 'open' | 'due' | 'mine';
const CATEGORIES = ['medical', 'household', 'military', 'distributor'] as const;

/**
 * The agents' queue (GET /calls): one call per sale, with every open callback of the sale (a late import opens
 * several at once), late calls first, then the earliest due. Claiming takes the whole call.
 */
export default function QueuePage() {
  const t = useT();
  const person = usePerson();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('open');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>();
  const [page, setPage] = useState(1);
  const [claiming, setClaiming] = useState<string>();
  const isAgent = person.roles.includes('agent');

  const queue = useApi(
    () =>
      data(
        api.GET('/calls', {
          params: {
            query: {
              status: filter === 'due' ? ['due'] : filter === 'mine' ? ['claimed'] : ['due', 'claimed'],
              ...(filter === 'mine' ? { agent: person.id } : {}),
              ...(category ? { customerCategory: category } : {}),
              page,
              pageSize: 20,
            },
          },
        }),
      ),
    [filter, category, page],
  );

  const mine = (call: Call) => call.callbacks.find((c) => c.status === 'claimed' && c.claimedBy === person.id);

  const claim = async (call: Call) => {
    setClaiming(call.saleId);
    try {
      const claimed = await data(api.POST('/calls/{saleId}/claim', { params: { path: { saleId: call.saleId } } }));
      const first = claimed.callbacks[0];
      if (first) void navigate(`/callbacks/${first.callbackId}`);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
      queue.reload();
    } finally {
      setClaiming(undefined);
    }
  };

  return (
    <>
      <Typography.Title level={2}>{t('queue.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<Filter>
          aria-label={t('queue.show')}
          value={filter}
          style={{ width: 180 }}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('queue.filter.open') },
            { value: 'due', label: t('queue.filter.due') },
            { value: 'mine', label: t('queue.filter.mine') },
          ]}
        />
        <Select
          aria-label={t('field.customerCategory')}
          allowClear
          placeholder={t('field.customerCategory')}
          style={{ width: 160 }}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          options={CATEGORIES.map((c) => ({ value: c, label: t.label('category', c) }))}
        />
        <Button onClick={queue.reload}>{t('action.refresh')}</Button>
      </Space>
      <ErrorNote error={queue.error} />
      <Table<Call>
        rowKey="saleId"
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        pagination={paging(page, setPage, queue.data?.total)}
        scroll={{ x: true }}
        columns={[
          { title: t('field.sale'), dataIndex: 'saleId' },
          {
            title: t('queue.callbacks'),
            dataIndex: 'callbacks',
            render: (callbacks: Call['callbacks']) => (
              <Space direction="vertical" size={0}>
                {callbacks.map((c) => (
                  <span key={c.callbackId}>
                    {t.label('callbackKind', c.kind)} · {t.label('callbackStatus', c.status)}
                    {c.attempts > 0 ? ` · ${t('queue.attempts', { n: c.attempts })}` : ''}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('field.dueAt'),
            dataIndex: 'dueAt',
            render: (due: string, row) => (
              <Space>
                {companyTime(due)}
                {row.late && <Tag color="volcano">{t('queue.late')}</Tag>}
              </Space>
            ),
          },
          { title: t('field.product'), dataIndex: 'productModel' },
          { title: t('field.customerCategory'), dataIndex: 'customerCategory', render: (c: string) => t.label('category', c) },
          {
            title: t('field.status'),
            key: 'claimedBy',
            render: (_, row) =>
              row.claimedBy.length > 0 ? (
                <Tag color={row.claimedBy.includes(person.id) ? 'blue' : 'default'}>{t('queue.claimedBy', { who: row.claimedBy.join(', ') })}</Tag>
              ) : (
                <Tag color="green">{t.label('callbackStatus', 'due')}</Tag>
              ),
          },
          {
            title: t('field.actions'),
            key: 'actions',
            render: (_, row) => {
              if (!isAgent) return null;
              const claimed = mine(row);
              if (claimed) return <Link to={`/callbacks/${claimed.callbackId}`}>{t('queue.continue')}</Link>;
              if (row.claimedBy.length > 0) return null;
              return (
                <Button type="primary" size="small" loading={claiming === row.saleId} onClick={() => void claim(row)} aria-label={t('queue.claimAria', { id: row.saleId })}>
                  {t('queue.claim')}
                </Button>
              );
            },
          },
        ]}
      />
    </>
  );
}
