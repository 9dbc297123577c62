import { App, Button, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { usePerson } from '../../app/session';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime, fromCompanyTime, type dayjs } from '../../time';

type Callback = Schemas['CallbackViewDto'];
type Filter = 'open' | 'due' | 'mine';
const CATEGORIES = ['medical', 'household', 'military', 'distributor'] as const;

/** Late callbacks first (the customer has waited longest), then by due time. */
const lateFirst = (a: Callback, b: Callback) => Number(b.late) - Number(a.late) || a.dueAt.localeCompare(b.dueAt);

/** The agents' queue: callbacks due and claimed, late first; claim one to make the call. */
export default function QueuePage() {
  const t = useT();
  const person = usePerson();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('open');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>();
  const [dueBefore, setDueBefore] = useState<dayjs.Dayjs | null>(null);
  const [page, setPage] = useState(1);
  const [claiming, setClaiming] = useState<string>();
  const isAgent = person.roles.includes('agent');

  const queue = useApi(
    () =>
      data(
        api.GET('/callbacks', {
          params: {
            query: {
              status: filter === 'due' ? ['due'] : filter === 'mine' ? ['claimed'] : ['due', 'claimed'],
              ...(filter === 'mine' ? { agent: person.id } : {}),
              ...(category ? { customerCategory: category } : {}),
              ...(dueBefore ? { dueBefore: fromCompanyTime(dueBefore) } : {}),
              page,
              pageSize: 20,
            },
          },
        }),
      ),
    [filter, category, dueBefore?.valueOf(), page],
  );

  const claim = async (callback: Callback) => {
    setClaiming(callback.callbackId);
    try {
      await data(api.POST('/callbacks/{callbackId}/claim', { params: { path: { callbackId: callback.callbackId } }, body: {} }));
      navigate(`/callbacks/${callback.callbackId}`);
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
        <DatePicker
          aria-label={t('queue.dueBefore')}
          placeholder={t('queue.dueBefore')}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={dueBefore}
          onChange={(v) => {
            setDueBefore(v);
            setPage(1);
          }}
        />
        <Button onClick={queue.reload}>{t('action.refresh')}</Button>
      </Space>
      <ErrorNote error={queue.error} />
      <Table<Callback>
        rowKey="callbackId"
        loading={queue.loading}
        dataSource={[...(queue.data?.items ?? [])].sort(lateFirst)}
        pagination={{ current: page, pageSize: 20, total: queue.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('field.callback'),
            dataIndex: 'callbackId',
            render: (id: string, row) => (row.status === 'claimed' && row.claimedBy === person.id ? <Link to={`/callbacks/${id}`}>{id}</Link> : id),
          },
          { title: t('field.kind'), dataIndex: 'kind', render: (k: string) => t.label('callbackKind', k) },
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
          { title: t('field.customerCategory'), dataIndex: 'customerCategory', render: (c: string) => t.label('category', c) },
          { title: t('field.attempts'), dataIndex: 'attempts' },
          {
            title: t('field.status'),
            dataIndex: 'status',
            render: (status: string, row) =>
              status === 'claimed' ? (
                <Tag color={row.claimedBy === person.id ? 'blue' : 'default'}>{t('queue.claimedBy', { who: row.claimedBy ?? '' })}</Tag>
              ) : (
                <Tag color="green">{t.label('callbackStatus', status)}</Tag>
              ),
          },
          {
            title: t('field.actions'),
            key: 'actions',
            render: (_, row) =>
              !isAgent ? null : row.status === 'due' ? (
                <Button type="primary" size="small" loading={claiming === row.callbackId} onClick={() => void claim(row)} aria-label={t('queue.claimAria', { id: row.callbackId })}>
                  {t('queue.claim')}
                </Button>
              ) : row.claimedBy === person.id ? (
                <Link to={`/callbacks/${row.callbackId}`}>{t('queue.continue')}</Link>
              ) : null,
          },
        ]}
      />
    </>
  );
}
