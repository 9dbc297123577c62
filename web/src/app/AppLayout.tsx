import { LogoutOutlined, KeyOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Layout, Menu, Modal, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18n';
import { InboxBell } from '../pages/InboxBell';
import { PAGE_ROUTES } from './routes';
import { usePerson, useSession } from './session';

function PasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { changePassword } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      void message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('password.title')} onOk={() => void save()} confirmLoading={saving} onCancel={onClose} okText={t('action.save')}>
      <Form form={form} layout="vertical">
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }, { min: 10, message: t('password.tooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The frame of every page: the menu of the person's roles, their name, the language switch and the inbox. */
export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const person = usePerson();
  const { signOut } = useSession();
  const location = useLocation();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const items = PAGE_ROUTES.filter((r) => r.menu && r.roles.some((role) => person.roles.includes(role))).map((r) => ({
    key: `/${r.path}`,
    label: <Link to={`/${r.path}`}>{t(r.menu!)}</Link>,
  }));
  const selected = items.map((i) => i.key).filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.name')}</div>
        <nav aria-label={t('menu.label')}>
          <Menu mode="inline" selectedKeys={selected} items={items} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space size="middle">
            <InboxBell />
            <Typography.Text data-testid="signed-in-as">
              {person.displayName} · {person.roles.map((r) => t.label('role', r)).join(t('list.separator'))}
            </Typography.Text>
            <Segmented
              aria-label={t('language.label')}
              value={locale}
              onChange={(value) => setLocale(value as 'zh-CN' | 'en')}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en' },
              ]}
            />
            <Button icon={<KeyOutlined />} onClick={() => setPasswordOpen(true)}>
              {t('password.title')}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('action.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
      <PasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
