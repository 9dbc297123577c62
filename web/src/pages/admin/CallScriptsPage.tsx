import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Tabs, Typography } from 'antd';
import { useEffect } from 'react';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { formErrors } from '../../api/formRules';
import { useApi } from '../../api/useApi';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';

type CallScript = Schemas['CallScriptDto'];

function ScriptEditor({ script, onSaved }: { script: CallScript; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallScript>();
  useEffect(() => form.setFieldsValue(script), [form, script]);
  const save = async (v: CallScript) => {
    try {
      await data(api.PUT('/call-scripts/{kind}', { params: { path: { kind: script.kind } }, body: { title: v.title, steps: v.steps } }));
      void message.success(t('scripts.saved'));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) form.setFields(formErrors(err.problem.fields ?? []) as never);
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };
  const text = (name: (string | number)[], label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
      <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
      <Typography.Paragraph type="secondary">
        {t('scripts.placeholders', { names: script.placeholders.map((p) => `{${p.name}}`).join(' ') })}{' '}
        {t('scripts.version', { v: script.version, who: script.updatedBy, at: companyTime(script.updatedAt) })}
      </Typography.Paragraph>
      {text(['title'], t('scripts.scriptTitle'))}
      {text(['steps', 'opening', 'say'], t('call.step.opening'))}
      {text(['steps', 'identity', 'ask'], t('scripts.identityAsk'))}
      {text(['steps', 'identity', 'ifNo', 'say'], t('scripts.identityNo'))}
      {text(['steps', 'convenience', 'ask'], t('scripts.convenienceAsk'))}
      {text(['steps', 'convenience', 'ifNo', 'say'], t('scripts.convenienceNo'))}
      {text(['steps', 'convenience', 'ifNo', 'closing'], t('scripts.convenienceClosing'))}
      <Form.List name={['steps', 'questions']}>
        {(fields, { add, remove }) => (
          <Card size="small" title={t('call.step.questions')} style={{ marginBottom: 16 }}>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'ask']} label={t('scripts.question', { n: i + 1 })} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                  <Input.TextArea autoSize style={{ width: 380 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'hint']} label={t('scripts.hint')}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'answer']} label={t('scripts.answer')}>
                  <Select allowClear style={{ width: 170 }} options={script.answerFields.map((a) => ({ value: a, label: a }))} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('scripts.removeQuestion', { n: i + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ask: '' })}>
              {t('scripts.addQuestion')}
            </Button>
          </Card>
        )}
      </Form.List>
      {text(['steps', 'closing', 'say'], t('call.step.closing'))}
      <Button type="primary" htmlType="submit">
        {t('action.save')}
      </Button>
    </Form>
  );
}

/** The call scripts (回访话术) agents follow, one per callback kind and one for re-visits. */
export default function CallScriptsPage() {
  const t = useT();
  const scripts = useApi(() => data(api.GET('/call-scripts')), []);
  const list = scripts.data?.items ?? [];
  return (
    <>
      <Typography.Title level={2}>{t('menu.scripts')}</Typography.Title>
      <ErrorNote error={scripts.error} />
      <Tabs items={list.map((s) => ({ key: s.kind, label: `${t.label('scriptKind', s.kind)}`, children: <ScriptEditor script={s} onSaved={scripts.reload} /> }))} />
    </>
  );
}
