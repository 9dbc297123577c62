import { Select } from 'antd';
import { api, data, type Schemas } from '../api/client';
import { useApi } from '../api/useApi';
import { useT } from '../i18n/I18n';

type Role = NonNullable<Schemas['PersonViewDto']['roles']>[number];

/** Picks an active person of a role (and department) from the staff directory; the value is their id. */
export function PersonPicker({ role, department, value, onChange, id }: { role: Role; department?: string; value?: string; onChange?: (id: string) => void; id?: string }) {
  const t = useT();
  const people = useApi(
    () => data(api.GET('/directory/people', { params: { query: { role, active: true, pageSize: 200, ...(department ? { department } : {}) } } })),
    [role, department],
  );
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      loading={people.loading}
      status={people.error ? 'error' : undefined}
      placeholder={people.error?.message ?? t('field.pickPerson')}
      notFoundContent={t('field.nobody')}
      options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName} (${p.id})` }))}
    />
  );
}
