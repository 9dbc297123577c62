import { Card, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { useT } from '../i18n/I18n';
import { companyTime } from '../time';

/** Whom to call, the actual user first (a call or re-visit sheet), and the note that this read is in the access log. */
export function ContactsCard({ contacts, accessedAt, children }: { contacts: Schemas['ContactDto'][]; accessedAt: string; children?: ReactNode }) {
  const t = useT();
  return (
    <Card title={t('call.contacts')} size="small">
      <List
        dataSource={contacts}
        renderItem={(c, i) => (
          <List.Item data-testid="contact">
            <Space direction="vertical" size={0}>
              <Space>
                <Tag color={i === 0 ? 'blue' : 'default'}>{t.label('contactRole', c.role)}</Tag>
                <Typography.Text strong>{c.name}</Typography.Text>
                {c.title && <span>{c.title}</span>}
              </Space>
              <Typography.Text copyable>{c.phone}</Typography.Text>
              {c.email && <span>{c.email}</span>}
              {c.specialNeeds && <Typography.Text type="warning">{c.specialNeeds}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {children}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('call.accessLogged', { at: companyTime(accessedAt) })}
      </Typography.Text>
    </Card>
  );
}
