import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import rules from '../../api/rules.json';
import { rulesFor } from '../../api/formRules';
import { RATINGS } from '../../api/validation';
import { NOT_ASKED, type Rating } from './surveyBody';
import { useT } from '../../i18n/I18n';

const scoreRanges = rules.scoreRanges as Record<string, { min: number; max: number }>;
const gradeLabels = rules.gradeLabels as Record<string, Record<string, string>>;
const METHODS = ['phone', 'questionnaire', 'on_site', 'email', 'other'] as const;
const EXTERNAL = ['manufacturer', 'media', 'government'] as const;


/** One rating: the scale the customer answered on, then a score in its range or one of its grades. */
function RatingField({ name, form, optional, prompt }: { name: Rating; form: FormInstance; optional: boolean; prompt?: ReactNode }) {
  const t = useT();
  const scale = Form.useWatch(['survey', name, 'scale'], form) as string | undefined;
  const range = scale ? scoreRanges[scale] : undefined;
  const grades = scale ? gradeLabels[scale] : undefined;
  const scales = [...(optional ? [NOT_ASKED] : []), ...rules.surveyScales];
  return (
    <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px', marginBottom: 12 }}>
      <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', border: 0, margin: 0 }}>{t(`rating.${name}`)}</legend>
      {prompt}
      <Space wrap align="start">
        <Form.Item name={['survey', name, 'scale']} label={t('survey.scale')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select style={{ width: 190 }} options={scales.map((s) => ({ value: s, label: t.label('scale', s) }))} />
        </Form.Item>
        {range && (
          <Form.Item
            name={['survey', name, 'score']}
            label={t('survey.scoreOn', { min: range.min, max: range.max })}
            rules={[{ required: true, message: t('validation.required') }, { type: 'number', min: range.min, max: range.max, message: t('validation.range', { min: range.min, max: range.max }) }]}
          >
            <InputNumber />
          </Form.Item>
        )}
        {grades && (
          <Form.Item name={['survey', name, 'grade']} label={t('survey.grade')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select style={{ width: 160 }} options={Object.entries(grades).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
      </Space>
    </fieldset>
  );
}

/**
 * The survey record of DOMAIN §3 (客户满意度调查记录表): usage, each rating on its scale, the customer's own words,
 * problems, repurchase intent, complaints to outside bodies, risks. `prompts` puts a script question above the field
 * it fills.
 */
export function SurveyFields({ form, prompts = {} }: { form: FormInstance; prompts?: Partial<Record<string, ReactNode>> }) {
  const t = useT();
  const r = (path: string) => rulesFor('SurveyRecordDto', path, t);
  return (
    <>
      <Form.Item name={['survey', 'method']} label={t('survey.method')} rules={r('method')}>
        <Select style={{ width: 200 }} options={METHODS.map((m) => ({ value: m, label: t.label('method', m) }))} />
      </Form.Item>
      <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px', marginBottom: 12 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', border: 0, margin: 0 }}>{t('survey.usage')}</legend>
        {prompts.usage}
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={['survey', 'usage', 'location']} label={t('survey.location')} rules={r('usage.location')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['survey', 'usage', 'usedBy']} label={t('survey.usedBy')} rules={r('usage.usedBy')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['survey', 'usage', 'city']} label={t('survey.city')} rules={r('usage.city')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['survey', 'usage', 'hoursPerDay']} label={t('survey.hoursPerDay')} rules={r('usage.hoursPerDay')}>
              <InputNumber min={0} max={24} />
            </Form.Item>
          </Col>
        </Row>
      </fieldset>
      {RATINGS.map((rating) => (
        <RatingField key={rating} name={rating} form={form} optional={rating !== 'overall'} prompt={prompts[rating]} />
      ))}
      {prompts.opinions}
      <Form.Item name={['survey', 'opinions']} label={t('survey.opinions')} extra={t('survey.opinionsHint')} rules={r('opinions')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {prompts.problems}
      <Form.Item name={['survey', 'problems']} label={t('survey.problems')} extra={t('survey.problemsHint')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {prompts.unansweredQuestion}
      <Form.Item name={['survey', 'unansweredQuestion']} label={t('survey.unansweredQuestion')} rules={r('unansweredQuestion').filter((x) => !('required' in x))}>
        <Input />
      </Form.Item>
      {prompts.repurchaseIntent}
      <Form.Item name={['survey', 'repurchaseIntent']} label={t('survey.repurchaseIntent')} rules={r('repurchaseIntent').filter((x) => !('required' in x))}>
        <Input />
      </Form.Item>
      {prompts.complainedTo}
      <Form.Item name={['survey', 'complainedTo']} label={t('survey.complainedTo')}>
        <Select allowClear placeholder={t('survey.complainedToNone')} style={{ width: 240 }} options={EXTERNAL.map((e) => ({ value: e, label: t.label('externalBody', e) }))} />
      </Form.Item>
      <Typography.Text strong>{t('survey.flags')}</Typography.Text>
      <Row>
        {(['saysDissatisfied', 'complainedToManagement', 'seriousOpinion', 'safetyHazard', 'majorLoss', 'riskOfLosingCustomer'] as const).map((flag) => (
          <Col xs={24} md={12} key={flag}>
            <Form.Item name={['survey', flag]} valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t(`survey.${flag}`)}</Checkbox>
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}
