import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useT } from '../i18n/I18n';

/** An answer the API refused, in its own words; 403 says plainly that the role may not see it. */
export function ErrorNote({ error }: { error: Error | undefined }) {
  const t = useT();
  if (!error) return null;
  const title = error instanceof ApiError && error.status === 403 ? t('error.forbidden') : error instanceof ApiError && error.status === 404 ? t('error.notFound') : t('error.generic');
  return <Alert type="error" role="alert" showIcon title={title} description={error.message} style={{ marginBottom: 16 }} />;
}
