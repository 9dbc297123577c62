import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { listPeople, type DirectoryPerson } from '../api/directory';
import { useT } from '../i18n/I18n';

/** Picks an active person of a role (and department) from the staff directory; the value is their id. */
export function PersonPicker({
  role,
  department,
  value,
  onChange,
  id,
}: {
  role: string;
  department?: string;
  value?: string;
  onChange?: (id: string) => void;
  id?: string;
}) {
  const t = useT();
  const [people, setPeople] = useState<DirectoryPerson[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    listPeople({ role, department }).then(setPeople, (err: Error) => setError(err.message));
  }, [role, department]);
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      loading={people === undefined && !error}
      status={error ? 'error' : undefined}
      placeholder={error ?? t('field.pickPerson')}
      notFoundContent={t('field.nobody')}
      options={(people ?? []).map((p) => ({ value: p.id, label: `${p.displayName} (${p.id})` }))}
    />
  );
}
