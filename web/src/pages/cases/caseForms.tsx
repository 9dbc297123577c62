import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { formErrors, rulesFor } from '../../api/formRules';
import { validateBody, type SchemaName } from '../../api/validation';
import { OwnerPicker } from '../../components/OwnerPicker';
import { useT } from '../../i18n/I18n';
import { fromCompanyTime, type dayjs } from '../../time';

type CaseState = Schemas['FeedbackCaseStateDto'];
type Action = 'assignment' | 'analysis' | 'completion' | 'verification' | 'revisit';
const BODY: Record<Action, SchemaName> = {
  assignment: 'AssignCaseDto',
  analysis: 'AnalysisDto',
  completion: 'CompletionDto',
  verification: 'VerificationDto',
  revisit: 'RevisitDto',
};

/** Sends one case action after checking it as the API will; the API's own 400 lands on the same fields. */
/** `T` is the request body, `F` the form's values when they differ (dates as pickers hold them). */
function useCaseAction<T extends object, F = T>(caseNo: string, action: Action, onDone: (state: CaseState) => void) {
  const [form] = Form.useForm<F>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const t = useT();
  const submit = async (body: T) => {
    const problems = validateBody(BODY[action], body as Record<string, unknown>);
    if (problems.length > 0) {
      form.setFields(formErrors(problems) as never);
      return;
    }
    setBusy(true);
    try {
      const path = { params: { path: { caseNo } } };
      const state = await data(
        action === 'assignment'
          ? api.POST('/feedback-cases/{caseNo}/assignment', { ...path, body: body as unknown as Schemas['AssignCaseDto'] })
          : action === 'analysis'
            ? api.POST('/feedback-cases/{caseNo}/analysis', { ...path, body: body as unknown as Schemas['AnalysisDto'] })
            : action === 'completion'
              ? api.POST('/feedback-cases/{caseNo}/completion', { ...path, body: body as unknown as Schemas['CompletionDto'] })
              : action === 'verification'
                ? api.POST('/feedback-cases/{caseNo}/verification', { ...path, body: body as unknown as Schemas['VerificationDto'] })
                : api.POST('/feedback-cases/{caseNo}/revisit', { ...path, body: body as unknown as Schemas['RevisitDto'] }),
      );
      void message.success(t('case.saved'));
      onDone(state);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) form.setFields(formErrors(err.problem.fields ?? []) as never);
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, submit };
}

const DEPARTMENTS = ['after_sales', 'rnd', 'logistics', 'sales'] as const;
const NATURES = ['attitude', 'technical_ability', 'process_efficiency', 'product_quality', 'communication'] as const;
const SCOPES = ['single', 'common', 'systemic'] as const;

export function AssignmentForm({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const { form, busy, submit } = useCaseAction<Schemas['AssignCaseDto']>(state.caseNo, 'assignment', onDone);
  const department = Form.useWatch('department', form) as Schemas['AssignCaseDto']['department'] | undefined;
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label={t('case.assign')}
      initialValues={{ department: state.suggestion?.department, nature: state.suggestion?.nature, scope: state.suggestion?.scope ?? 'single' }}
      onFinish={(v: Schemas['AssignCaseDto']) => void submit(v)}
    >
      <Form.Item name="department" label={t('field.department')} rules={rulesFor('AssignCaseDto', 'department', t)}>
        <Select options={DEPARTMENTS.map((d) => ({ value: d, label: t.label('department', d) }))} />
      </Form.Item>
      <Form.Item name="ownerId" label={t('field.owner')} rules={rulesFor('AssignCaseDto', 'ownerId', t)}>
        <OwnerPicker department={department} />
      </Form.Item>
      <Form.Item name="nature" label={t('field.nature')} rules={rulesFor('AssignCaseDto', 'nature', t)}>
        <Select options={NATURES.map((n) => ({ value: n, label: t.label('nature', n) }))} />
      </Form.Item>
      <Form.Item name="scope" label={t('field.scope')} rules={rulesFor('AssignCaseDto', 'scope', t)}>
        <Radio.Group options={SCOPES.map((s) => ({ value: s, label: t.label('scope', s) }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('case.assign')}
      </Button>
    </Form>
  );
}

/** Enter in a date field takes the typed date; it must not also send the whole form. */
export const keepFormOnEnter = (event: { key: string; preventDefault(): void }) => {
  if (event.key === 'Enter') event.preventDefault();
};

interface MeasureInput {
  description: string;
  deadline: dayjs.Dayjs;
}
interface AnalysisValues {
  whyChain: string[];
  rootCause: string;
  shortTermMeasures: MeasureInput[];
  longTermMeasures: MeasureInput[];
  technicianVisit: boolean;
}

function Measures({ name, label }: { name: 'shortTermMeasures' | 'longTermMeasures'; label: string }) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginBottom: 16, borderRadius: 6 }}>
          <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', border: 0, margin: 0 }}>{label}</legend>
          {fields.map((field, i) => (
            <Space key={field.key} align="start" wrap>
              <Form.Item name={[field.name, 'description']} label={t('case.measure', { kind: label, n: i + 1 })} rules={rulesFor('MeasureDto', 'description', t)}>
                <Input style={{ width: 340 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'deadline']} label={t('case.measureDeadline', { kind: label, n: i + 1 })} rules={[{ required: true, message: t('validation.required') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" onKeyDown={keepFormOnEnter} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('case.removeMeasure', { kind: label, n: i + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
            {t('case.addMeasure', { kind: label })}
          </Button>
        </fieldset>
      )}
    </Form.List>
  );
}

export function AnalysisForm({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const { form, busy, submit } = useCaseAction<Schemas['AnalysisDto'], AnalysisValues>(state.caseNo, 'analysis', onDone);
  const whyRequired = state.priority !== 'low';
  const toMeasures = (list: MeasureInput[] | undefined) => (list ?? []).map((m) => ({ description: m?.description, deadline: m?.deadline && fromCompanyTime(m.deadline) }));
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label={t('case.analysis')}
      initialValues={{ whyChain: ['', '', ''], shortTermMeasures: [{}], longTermMeasures: [], technicianVisit: false }}
      onFinish={(v: AnalysisValues) =>
        void submit({
          whyChain: v.whyChain.map((w) => w ?? '').filter((w) => w.trim() !== ''),
          rootCause: v.rootCause,
          shortTermMeasures: toMeasures(v.shortTermMeasures),
          longTermMeasures: toMeasures(v.longTermMeasures),
          technicianVisit: v.technicianVisit,
        })
      }
    >
      <Form.List
        name="whyChain"
        rules={[{ validator: async (_, whys: string[]) => { if (whyRequired && !whys?.some((w) => w?.trim())) throw new Error(t('case.whyRequired')); } }]}
      >
        {(fields, { add, remove }, { errors }) => (
          <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginBottom: 16, borderRadius: 6 }}>
            <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', border: 0, margin: 0 }}>{t('case.whyChain')}</legend>
            {fields.map((field, i) => (
              <Space key={field.key} align="start">
                <Form.Item name={field.name} label={t('case.why', { n: i + 1 })} rules={rulesFor('AnalysisDto', 'whyChain.0', t, { required: false }).filter((r) => !('whitespace' in r))}>
                  <Input style={{ width: 480 }} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('case.removeWhy', { n: i + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
              </Space>
            ))}
            {fields.length < 5 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                {t('case.addWhy')}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </fieldset>
        )}
      </Form.List>
      <Form.Item name="rootCause" label={t('case.rootCause')} rules={rulesFor('AnalysisDto', 'rootCause', t)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Measures name="shortTermMeasures" label={t('case.shortTerm')} />
      <Measures name="longTermMeasures" label={t('case.longTerm')} />
      <Form.Item name="technicianVisit" label={t('case.technicianVisit')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('case.submitAnalysis')}
      </Button>
    </Form>
  );
}

export function CompletionForm({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const { form, busy, submit } = useCaseAction<Schemas['CompletionDto']>(state.caseNo, 'completion', onDone);
  return (
    <Form form={form} layout="vertical" aria-label={t('case.completion')} initialValues={{ technicianVisited: false }} onFinish={(v: Schemas['CompletionDto']) => void submit(v)}>
      <Form.Item name="summary" label={t('case.summary')} rules={rulesFor('CompletionDto', 'summary', t)}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {state.analysis?.technicianVisit && (
        <Form.Item name="technicianVisited" label={t('case.technicianVisited')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('case.reportDone')}
      </Button>
    </Form>
  );
}

export function VerificationForm({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const { form, busy, submit } = useCaseAction<Schemas['VerificationDto']>(state.caseNo, 'verification', onDone);
  return (
    <Form form={form} layout="vertical" aria-label={t('case.verification')} onFinish={(v: Schemas['VerificationDto']) => void submit(v)}>
      <Form.Item name="effective" label={t('case.effective')} rules={rulesFor('VerificationDto', 'effective', t)}>
        <Radio.Group
          options={[
            { value: true, label: t('case.effectiveYes') },
            { value: false, label: t('case.effectiveNo') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('case.note')} rules={rulesFor('VerificationDto', 'note', t)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('case.verify')}
      </Button>
    </Form>
  );
}

export function RevisitForm({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const { form, busy, submit } = useCaseAction<Schemas['RevisitDto']>(state.caseNo, 'revisit', onDone);
  return (
    <Form form={form} layout="vertical" aria-label={t('case.revisit')} onFinish={(v: Schemas['RevisitDto']) => void submit({ ...v, score: v.score ?? undefined })}>
      <Form.Item name="satisfied" label={t('case.satisfied')} rules={rulesFor('RevisitDto', 'satisfied', t)}>
        <Radio.Group
          options={[
            { value: true, label: t('case.satisfiedYes') },
            { value: false, label: t('case.satisfiedNo') },
          ]}
        />
      </Form.Item>
      <Form.Item name="score" label={t('case.revisitScore')} rules={rulesFor('RevisitDto', 'score', t)}>
        <InputNumber min={0} max={100} />
      </Form.Item>
      <Form.Item name="customerWords" label={t('case.customerWords')} rules={rulesFor('RevisitDto', 'customerWords', t)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('case.recordRevisit')}
      </Button>
    </Form>
  );
}
