import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/I18n';

/** Sign-in with the person's user name and password; the API answers with a session cookie. */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const { signIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const person = await signIn(username.trim(), password);
      if (!localStorage.getItem('aftercare.locale') && person.locale !== locale) setLocale(person.locale);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.refused') : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Segmented
            aria-label={t('language.label')}
            size="small"
            value={locale}
            onChange={(value) => setLocale(value as 'zh-CN' | 'en')}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'EN', value: 'en' },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
        {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(values: { username: string; password: string }) => void submit(values)} requiredMark={false}>
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('action.signIn')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
