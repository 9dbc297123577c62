import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, data } from '../api/client';
import { useT } from '../i18n/I18n';

/** The unread count of the person's inbox, read again every minute and on every page change. */
export function InboxBell() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    const read = () => data(api.GET('/notifications/unread-count')).then((r) => setUnread(r.unread), () => undefined);
    void read();
    const timer = setInterval(() => void read(), 60_000);
    return () => clearInterval(timer);
  }, [location.pathname]);
  return (
    <Badge count={unread} size="small">
      <Button type="text" icon={<BellOutlined />} aria-label={t('inbox.bell', { n: unread })} onClick={() => void navigate('/inbox')} />
    </Badge>
  );
}
