import { Badge, Button, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorNote } from '../components/ErrorNote';
import { useT } from '../i18n/I18n';
import { companyTime } from '../time';

type InboxItem = Schemas['InboxItemDto'];

/** The app's own path of a notification's link (APP_BASE_URL/…), so it opens inside the app. */
export function appPath(link: string | null): string | undefined {
  if (!link) return undefined;
  const path = link.replace(/^https?:\/\/[^/]+/, '');
  return path.startsWith('/app/') ? path.slice(4) : path;
}

/** The person's own notifications, unread first. */
export default function InboxPage() {
  const t = useT();
  const [read, setRead] = useState<'all' | 'false'>('false');
  const [page, setPage] = useState(1);
  const inbox = useApi(() => data(api.GET('/notifications', { params: { query: { ...(read === 'all' ? {} : { read: false }), page, pageSize: 20 } } })), [read, page]);
  const markRead = async (item: InboxItem) => {
    if (!item.readAt) await data(api.POST('/notifications/{id}/read', { params: { path: { id: item.id } } }));
    inbox.reload();
  };
  return (
    <>
      <Typography.Title level={2}>
        {t('menu.inbox')} <Badge count={inbox.data?.unread ?? 0} />
      </Typography.Title>
      <Segmented
        aria-label={t('inbox.show')}
        value={read}
        style={{ marginBottom: 16 }}
        onChange={(v) => {
          setRead(v as typeof read);
          setPage(1);
        }}
        options={[
          { value: 'false', label: t('inbox.unread') },
          { value: 'all', label: t('inbox.all') },
        ]}
      />
      <ErrorNote error={inbox.error} />
      <List<InboxItem>
        loading={inbox.loading}
        dataSource={inbox.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: inbox.data?.total ?? 0, onChange: setPage }}
        locale={{ emptyText: t('inbox.empty') }}
        renderItem={(item) => {
          const path = appPath(item.link);
          return (
            <List.Item
              data-testid="inbox-item"
              actions={[
                !item.readAt && (
                  <Button size="small" key="read" onClick={() => void markRead(item)}>
                    {t('inbox.markRead')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {item.urgent && <Tag color="red">{t('inbox.urgent')}</Tag>}
                    {!item.readAt && <Badge status="processing" />}
                    {path ? (
                      <Link to={path} onClick={() => void markRead(item)}>
                        {item.title}
                      </Link>
                    ) : (
                      item.title
                    )}
                  </Space>
                }
                description={
                  <>
                    <div>{item.body}</div>
                    <Typography.Text type="secondary">{companyTime(item.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </>
  );
}
