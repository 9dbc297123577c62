import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/I18n';
import type { Role } from './session';

/** What a person sees on a page that is not for their role. */
export function NotAllowed({ roles }: { roles: Role[] }) {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('notAllowed.title')}
      subTitle={t('notAllowed.body', { roles: roles.map((r) => t.label('role', r)).join(t('list.separator')) })}
      extra={
        <Link to="/">
          <Button type="primary">{t('notAllowed.home')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return <Result status="404" title={t('notFound.title')} extra={<Link to="/">{t('notAllowed.home')}</Link>} />;
}
