import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { getJson, sendJson, type Page } from '../../api/raw';
import type { DirectoryPerson } from '../../api/directory';
import { useApi } from '../../api/useApi';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';

const ROLES = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'sales_owner', 'administrator', 'operator'] as const;

interface Person extends DirectoryPerson {
  email: string | null;
  chatHandle: string | null;
  locale: 'zh-CN' | 'en';
}

/** The staff directory: who works in which role and department, and how they are told. */
export default function PeoplePage() {
  const t = useT();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Partial<Person> & { isNew?: boolean }>();
  const [form] = Form.useForm<Person>();
  const people = useApi(() => getJson<Page<Person>>('/directory/people', { page, pageSize: 50 }), [page]);
  const departments = useApi(() => getJson<{ code: string; name: string }[] | Page<{ code: string; name: string }>>('/directory/departments'), []);
  const departmentList = Array.isArray(departments.data) ? departments.data : (departments.data?.items ?? []);

  const open = (person?: Person) => {
    const values = person ?? { roles: [], locale: 'zh-CN' as const, active: true, isNew: true };
    form.resetFields();
    form.setFieldsValue(values);
    setEditing(person ? person : values);
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      const { id, ...rest } = v;
      await sendJson('PUT', `/directory/people/${encodeURIComponent(id)}`, rest);
      void message.success(t('people.saved', { id }));
      setEditing(undefined);
      people.reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <>
      <Typography.Title level={2}>{t('menu.people')}</Typography.Title>
      <Button type="primary" onClick={() => open()} style={{ marginBottom: 16 }}>
        {t('people.add')}
      </Button>
      <ErrorNote error={people.error} />
      <Table<Person>
        rowKey="id"
        loading={people.loading}
        dataSource={people.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: people.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('people.id'), dataIndex: 'id' },
          { title: t('people.name'), dataIndex: 'displayName' },
          { title: t('people.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t.label('role', r)}</Tag>) },
          { title: t('field.department'), dataIndex: 'department', render: (d: string | null) => departmentList.find((x) => x.code === d)?.name ?? d ?? '—' },
          { title: t('people.email'), dataIndex: 'email', render: (e: string | null) => e ?? '—' },
          { title: t('people.active'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('people.isActive')}</Tag> : <Tag>{t('people.inactive')}</Tag>) },
          { title: t('field.actions'), key: 'edit', render: (_, p) => <Button size="small" aria-label={t('people.editPerson', { id: p.id })} onClick={() => open(p)}>{t('action.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing?.isNew ? t('people.add') : t('people.edit', { id: editing?.id ?? '' })} okText={t('action.save')} onOk={() => void save()} onCancel={() => setEditing(undefined)}>
        <Form form={form} layout="vertical">
          <Form.Item name="id" label={t('people.id')} rules={[{ required: true, message: t('validation.required') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, message: t('people.idPattern') }]}>
            <Input disabled={!editing?.isNew} />
          </Form.Item>
          <Form.Item name="displayName" label={t('people.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t('people.roles')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t.label('role', r) }))} />
          </Form.Item>
          <Form.Item name="department" label={t('field.department')}>
            <Select allowClear options={departmentList.map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
          <Space>
            <Form.Item name="email" label={t('people.email')}>
              <Input type="email" />
            </Form.Item>
            <Form.Item name="chatHandle" label={t('people.chat')}>
              <Input />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="locale" label={t('language.label')}>
              <Select style={{ width: 120 }} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
            <Form.Item name="active" label={t('people.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
