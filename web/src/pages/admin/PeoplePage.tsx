import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { formErrors, rulesFor } from '../../api/formRules';
import { useApi } from '../../api/useApi';
import { paging } from '../../components/paging';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';

type Person = Schemas['PersonViewDto'];
type Role = Person['roles'][number];
const ROLES: Role[] = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'sales_owner', 'administrator', 'operator'];
interface PersonForm {
  id: string;
  displayName: string;
  roles: Role[];
  department?: string | null;
  email?: string | null;
  chatHandle?: string | null;
  locale: 'zh-CN' | 'en';
  password?: string;
}

/** The staff directory: who works in which role and department, how they are told, and their sign-in. */
export default function PeoplePage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ person?: Person }>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<PersonForm>();
  const people = useApi(() => data(api.GET('/directory/people', { params: { query: { page, pageSize: 50 } } })), [page]);
  const departments = useApi(() => data(api.GET('/directory/departments')), []);
  const departmentName = (code: string | null) => departments.data?.items.find((d) => d.code === code)?.name ?? code ?? '—';

  const open = (person?: Person) => {
    form.resetFields();
    form.setFieldsValue(person ? { ...person, password: undefined } : { roles: [], locale: 'zh-CN' });
    setEditing({ person });
  };
  const nullable = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const fields = { displayName: v.displayName, roles: v.roles, department: nullable(v.department), email: nullable(v.email), chatHandle: nullable(v.chatHandle), locale: v.locale };
      if (editing?.person) {
        await data(api.PATCH('/directory/people/{personId}', { params: { path: { personId: v.id } }, body: fields }));
      } else {
        await data(api.POST('/directory/people', { body: { id: v.id, ...fields } }));
      }
      if (v.password) await data(api.PUT('/directory/people/{personId}/password', { params: { path: { personId: v.id } }, body: { password: v.password } }));
      void message.success(t('people.saved', { id: v.id }));
      setEditing(undefined);
      people.reload();
    } catch (err) {
      if (err instanceof ApiError) form.setFields(formErrors(err.problem.fields ?? []) as never);
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (person: Person) =>
    void modal.confirm({
      title: person.active ? t('people.deactivateConfirm', { id: person.id }) : t('people.activateConfirm', { id: person.id }),
      onOk: async () => {
        const path = { params: { path: { personId: person.id } } };
        await data(person.active ? api.POST('/directory/people/{personId}/deactivation', path) : api.POST('/directory/people/{personId}/activation', path));
        people.reload();
      },
    });

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
        pagination={paging(page, setPage, people.data?.total, 50)}
        scroll={{ x: true }}
        columns={[
          { title: t('people.id'), dataIndex: 'id' },
          { title: t('people.name'), dataIndex: 'displayName' },
          { title: t('people.roles'), dataIndex: 'roles', render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{t.label('role', r)}</Tag>) },
          { title: t('field.department'), dataIndex: 'department', render: (d: string | null) => departmentName(d) },
          { title: t('people.email'), dataIndex: 'email', render: (e: string | null) => e ?? '—' },
          { title: t('people.signIn'), dataIndex: 'hasPassword', render: (h: boolean) => (h ? t('people.hasPassword') : t('people.noPassword')) },
          { title: t('people.active'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('people.isActive')}</Tag> : <Tag>{t('people.inactive')}</Tag>) },
          {
            title: t('field.actions'),
            key: 'edit',
            render: (_, p) => (
              <Space>
                <Button size="small" aria-label={t('people.editPerson', { id: p.id })} onClick={() => open(p)}>
                  {t('action.edit')}
                </Button>
                <Button size="small" danger={p.active} onClick={() => toggle(p)}>
                  {p.active ? t('people.deactivate') : t('people.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing?.person ? t('people.edit', { id: editing.person.id }) : t('people.add')} okText={t('action.save')} confirmLoading={busy} onOk={() => void save()} onCancel={() => setEditing(undefined)}>
        <Form form={form} layout="vertical">
          <Form.Item name="id" label={t('people.id')} rules={rulesFor('PersonBodyDto', 'id', t)}>
            <Input disabled={!!editing?.person} />
          </Form.Item>
          <Form.Item name="displayName" label={t('people.name')} rules={rulesFor('PersonBodyDto', 'displayName', t, { required: true })}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t('people.roles')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t.label('role', r) }))} />
          </Form.Item>
          <Form.Item name="department" label={t('field.department')}>
            <Select allowClear options={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
          <Form.Item name="email" label={t('people.email')} rules={rulesFor('PersonBodyDto', 'email', t)}>
            <Input type="email" />
          </Form.Item>
          <Form.Item name="chatHandle" label={t('people.chat')} rules={rulesFor('PersonBodyDto', 'chatHandle', t)}>
            <Input />
          </Form.Item>
          <Form.Item name="locale" label={t('language.label')}>
            <Select style={{ width: 120 }} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
          </Form.Item>
          <Form.Item name="password" label={t('people.password')} extra={t('people.passwordHint')} rules={rulesFor('PasswordDto', 'password', t, { required: false })}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
