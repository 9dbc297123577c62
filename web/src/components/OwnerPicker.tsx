import { Select } from 'antd';
import { api, data } from '../api/client';
import { useApi } from '../api/useApi';
import { useT } from '../i18n/I18n';

type Department = 'after_sales' | 'rnd' | 'logistics' | 'sales';

/** Picks an active department owner (of the department, once chosen) from the staff directory; the value is their id. */
export function OwnerPicker({ department, value, onChange, id }: { department?: Department; value?: string; onChange?: (id: string) => void; id?: string }) {
  const t = useT();
  const owners = useApi(() => data(api.GET('/case-owners', { params: { query: department ? { department } : {} } })), [department]);
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      loading={owners.loading}
      status={owners.error ? 'error' : undefined}
      placeholder={owners.error?.message ?? t('field.pickPerson')}
      notFoundContent={t('field.nobody')}
      options={(owners.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName} (${p.id})` }))}
    />
  );
}
