import { App, Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, List, Result, Row, Space, Spin, Steps, Tag, Typography, type FormInstance } from 'antd';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { formErrors, rulesFor } from '../../api/formRules';
import { useApi } from '../../api/useApi';
import { validateBody } from '../../api/validation';
import { usePerson } from '../../app/session';
import { ContactsCard } from '../../components/ContactsCard';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyNow, companyTime, fromCompanyTime, type dayjs } from '../../time';
import { fillPlaceholders, type CallStep } from './callScript';
import { keepFormOnEnter } from '../cases/caseForms';
import { SurveyFields } from './SurveyForm';
import { initialSurvey, surveyBody, type SurveyFormValues } from './surveyBody';

type Outcome = Schemas['CallResultDto']['outcome'];
type ResultAnswer = Schemas['CallResultOutcomeDto'];
type CallSheet = Schemas['CallSheetDto'];
type CallScriptSteps = Schemas['CallScriptStepsDto'];

function Say({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <blockquote data-testid={testId} style={{ margin: '0 0 16px', padding: '12px 16px', background: '#f6f8fb', borderLeft: '4px solid #1560bd', fontSize: 15 }}>
      {children}
    </blockquote>
  );
}

/** The call sheet: whom to call (the actual user first), the product, and what came of the sale's earlier callbacks. */
function SheetPanel({ sheet }: { sheet: CallSheet }) {
  const t = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ContactsCard contacts={sheet.contacts} accessedAt={sheet.access.accessedAt} />
      <Card title={t('call.productCard')} size="small">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('field.customer')}>
            {sheet.customer.name} ({t.label('category', sheet.customer.category)}
            {sheet.customer.keyAccount ? ` · ${t('call.keyAccount')}` : ''})
          </Descriptions.Item>
          <Descriptions.Item label={t('field.product')}>
            {sheet.product.model} × {sheet.product.quantity}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.orderNo')}>{sheet.product.orderNo}</Descriptions.Item>
          <Descriptions.Item label={t('field.deliveredOn')}>{sheet.product.deliveredOn}</Descriptions.Item>
          <Descriptions.Item label={t('call.warrantyEnds')}>{sheet.product.warrantyEndsOn}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('call.history')} size="small">
        <List
          size="small"
          dataSource={sheet.callbacks}
          renderItem={(cb) => (
            <List.Item>
              <Space wrap>
                {t.label('callbackKind', cb.kind)}
                <Tag>{t.label('callbackStatus', cb.status)}</Tag>
                {companyTime(cb.dueAt)}
                {cb.callbackId === sheet.callback.callbackId && <Tag color="blue">{t('call.thisCall')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
        <Typography.Text strong>{t('sale.surveys')}</Typography.Text>
        <List
          size="small"
          dataSource={sheet.surveys}
          locale={{ emptyText: '—' }}
          renderItem={(s) => (
            <List.Item>
              {companyTime(s.recordedAt)} · {t.label('surveyClass', s.classification)} · {s.score ?? '—'}
            </List.Item>
          )}
        />
        <Typography.Text strong>{t('call.openCases')}</Typography.Text>
        <List
          size="small"
          dataSource={sheet.openCases}
          locale={{ emptyText: '—' }}
          renderItem={(c) => (
            <List.Item>
              <Link to={`/cases/${c.caseNo}`}>{c.caseNo}</Link> · {t.label('stage', c.stage)} · {t.label('priority', c.priority)}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

/** The call: the sheet on one side, the script walked step by step on the other, each branch ending in its outcome. */
function CallPage() {
  const { callbackId = '' } = useParams();
  const t = useT();
  const person = usePerson();
  const { message } = App.useApp();
  const sheet = useApi(() => data(api.GET('/callbacks/{callbackId}/call-sheet', { params: { path: { callbackId } } })), [callbackId]);
  const kind = sheet.data?.scriptKind;
  const script = useApi(async () => (kind ? data(api.GET('/call-scripts/{kind}', { params: { path: { kind } } })) : undefined), [kind]);
  const [step, setStep] = useState<CallStep>('opening');
  const [answer, setAnswer] = useState<{ outcome: Outcome; result: ResultAnswer }>();
  const [busy, setBusy] = useState(false);
  // One attempt id per result until the API has it: a retry after a lost answer is recorded once.
  const attempt = useRef<{ key: string; id: string }>(undefined);
  const [surveyForm] = Form.useForm<SurveyFormValues>();
  const [contactForm] = Form.useForm();
  const [busyForm] = Form.useForm<{ reason: string; callBackAt: dayjs.Dayjs }>();
  const [refusedForm] = Form.useForm<{ reason: string }>();

  const steps: CallScriptSteps | undefined = script.data?.steps;
  const fill = useMemo(() => {
    const s = sheet.data;
    const values = {
      agentName: person.displayName,
      contactTitle: s?.contacts[0]?.title ?? '',
      productModel: s?.product.model,
      deliveredOn: s?.product.deliveredOn,
      warrantyEndsOn: s?.product.warrantyEndsOn,
    };
    return (text: string) => fillPlaceholders(text, values);
  }, [sheet.data, person.displayName]);

  const send = async (outcome: Outcome, fields: Record<string, unknown>, // eslint-disable-next-line @typescript-eslint/no-explicit-any
    form?: FormInstance<any>, prefix: string[] = []) => {
    const key = JSON.stringify([outcome, fields]);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    const body = { attemptId: attempt.current.id, outcome, ...fields };
    const problems = validateBody('CallResultDto', body);
    if (problems.length > 0) {
      form?.setFields(formErrors(problems.map((p) => ({ ...p, field: p.field.replace(/^(survey|actualUser)\./, '') })), prefix) as never);
      void message.error(t('call.fixFields'));
      return undefined;
    }
    setBusy(true);
    try {
      const result = await data(api.POST('/callbacks/{callbackId}/results', { params: { path: { callbackId } }, body }));
      attempt.current = undefined;
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        form?.setFields(formErrors((err.problem.fields ?? []).map((p) => ({ ...p, field: p.field.replace(/^(survey|actualUser)\./, '') })), prefix) as never);
      }
      void message.error(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const finish = async (outcome: Outcome, fields: Record<string, unknown> = {}, // eslint-disable-next-line @typescript-eslint/no-explicit-any
    form?: FormInstance<any>, prefix?: string[]) => {
    const result = await send(outcome, fields, form, prefix);
    if (result) {
      setAnswer({ outcome, result });
      setStep('done');
    }
  };

  if (sheet.error) {
    const notMine = sheet.error instanceof ApiError && (sheet.error.status === 403 || sheet.error.status === 409);
    return notMine ? <Result status="403" title={t('call.notYours')} subTitle={sheet.error.message} extra={<Link to="/queue">{t('call.backToQueue')}</Link>} /> : <ErrorNote error={sheet.error} />;
  }
  if (!sheet.data || (!steps && !script.error)) return <Spin />;
  if (!steps) return <ErrorNote error={script.error} />;

  const order: CallStep[] = ['opening', 'identity', 'convenience', 'questions', 'done'];
  const current = step === 'wrongPerson' ? 1 : step === 'busy' || step === 'refused' ? 2 : order.indexOf(step);
  const prompt = (field: string) => {
    const questions = steps.questions.filter((q) => q.answer === field);
    return questions.length === 0
      ? undefined
      : questions.map((q, i) => (
          <Say key={i}>
            {fill(q.ask)}
            {q.hint && <Typography.Text type="secondary"> {fill(q.hint)}</Typography.Text>}
          </Say>
        ));
  };
  const prompts = Object.fromEntries(steps.questions.filter((q) => q.answer).map((q) => [q.answer!, prompt(q.answer!)]));

  return (
    <>
      <Typography.Title level={2}>
        {t('call.title', { id: callbackId })} <Tag>{t.label('callbackKind', sheet.data.callback.kind)}</Tag>
        {sheet.data.callback.late && <Tag color="volcano">{t('queue.late')}</Tag>}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <SheetPanel sheet={sheet.data} />
        </Col>
        <Col xs={24} xl={15}>
          <Card title={script.data!.title}>
            <Steps
              size="small"
              current={current}
              style={{ marginBottom: 24 }}
              items={[t('call.step.opening'), t('call.step.identity'), t('call.step.convenience'), t('call.step.questions'), t('call.step.closing')].map((title) => ({ title }))}
            />
            {step === 'opening' && (
              <>
                <Say testId="script-opening">{fill(steps.opening.say)}</Say>
                <Space wrap>
                  <Button type="primary" onClick={() => setStep('identity')}>
                    {t('call.answered')}
                  </Button>
                  <Button loading={busy} onClick={() => void finish('no_answer')}>
                    {t('call.noAnswer')}
                  </Button>
                  <Button loading={busy} onClick={() => void finish('questionnaire_sent')}>
                    {t('call.questionnaire')}
                  </Button>
                </Space>
              </>
            )}
            {step === 'identity' && (
              <>
                <Say testId="script-identity">{fill(steps.identity.ask)}</Say>
                <Space>
                  <Button type="primary" onClick={() => setStep('convenience')}>
                    {t('call.isUser')}
                  </Button>
                  <Button onClick={() => setStep('wrongPerson')}>{t('call.notUser')}</Button>
                </Space>
              </>
            )}
            {step === 'wrongPerson' && (
              <>
                <Say>{fill(steps.identity.ifNo.say)}</Say>
                <Form
                  form={contactForm}
                  layout="vertical"
                  aria-label={t('call.actualUser')}
                  onFinish={(v: Record<string, string>) => {
                    const actualUser = Object.fromEntries(Object.entries(v).filter(([, x]) => x?.trim()));
                    void send('wrong_person', { actualUser }, contactForm).then((result) => {
                      if (!result) return;
                      void message.success(t('call.actualUserSaved'));
                      sheet.reload();
                      setStep('convenience');
                    });
                  }}
                >
                  <Row gutter={12}>
                    {(['name', 'title', 'phone', 'email'] as const).map((field) => (
                      <Col xs={24} md={12} key={field}>
                        <Form.Item name={field} label={t(`contact.${field}`)} rules={rulesFor('ContactPersonDto', field, t)}>
                          <Input />
                        </Form.Item>
                      </Col>
                    ))}
                  </Row>
                  <Space>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('call.saveActualUser')}
                    </Button>
                    <Button onClick={() => setStep('identity')}>{t('action.back')}</Button>
                  </Space>
                </Form>
              </>
            )}
            {step === 'convenience' && (
              <>
                <Say testId="script-convenience">{fill(steps.convenience.ask)}</Say>
                <Space wrap>
                  <Button type="primary" onClick={() => setStep('questions')}>
                    {t('call.convenient')}
                  </Button>
                  <Button onClick={() => setStep('busy')}>{t('call.notConvenient')}</Button>
                  <Button danger onClick={() => setStep('refused')}>
                    {t('call.refuses')}
                  </Button>
                </Space>
              </>
            )}
            {step === 'busy' && (
              <>
                <Say>{fill(steps.convenience.ifNo.say)}</Say>
                <Form
                  form={busyForm}
                  layout="vertical"
                  aria-label={t('call.agreedTime')}
                  onFinish={(v) => void finish('busy', { reason: v.reason, callBackAt: fromCompanyTime(v.callBackAt) }, busyForm)}
                >
                  <Form.Item name="callBackAt" label={t('call.agreedTime')} rules={[{ required: true, message: t('validation.required') }]}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" minDate={companyNow()} onKeyDown={keepFormOnEnter} />
                  </Form.Item>
                  <Form.Item name="reason" label={t('call.reason')} rules={rulesFor('CallResultDto', 'reason', t, { required: true })}>
                    <Input />
                  </Form.Item>
                  <Space>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('call.saveBusy')}
                    </Button>
                    <Button onClick={() => setStep('convenience')}>{t('action.back')}</Button>
                  </Space>
                </Form>
              </>
            )}
            {step === 'refused' && (
              <Form form={refusedForm} layout="vertical" aria-label={t('call.refuses')} onFinish={(v) => void finish('refused', { reason: v.reason }, refusedForm)}>
                <Form.Item name="reason" label={t('call.refusalReason')} rules={rulesFor('CallResultDto', 'reason', t, { required: true })}>
                  <Input />
                </Form.Item>
                <Space>
                  <Button type="primary" danger htmlType="submit" loading={busy}>
                    {t('call.saveRefused')}
                  </Button>
                  <Button onClick={() => setStep('convenience')}>{t('action.back')}</Button>
                </Space>
              </Form>
            )}
            {step === 'questions' && (
              <Form
                form={surveyForm}
                layout="vertical"
                aria-label={t('call.survey')}
                initialValues={initialSurvey()}
                onFinish={(v) => void finish('survey_done', { survey: surveyBody(v) }, surveyForm, ['survey'])}
              >
                {steps.questions
                  .filter((q) => !q.answer)
                  .map((q, i) => (
                    <Say key={i}>{fill(q.ask)}</Say>
                  ))}
                <SurveyFields form={surveyForm} prompts={prompts} />
                <Button type="primary" htmlType="submit" loading={busy} size="large">
                  {t('call.saveSurvey')}
                </Button>
              </Form>
            )}
            {step === 'done' && answer && (
              <Outcome
                answer={answer}
                closing={answer.outcome === 'busy' ? fill(steps.convenience.ifNo.closing) : answer.outcome === 'no_answer' ? undefined : fill(steps.closing.say)}
                next={sheet.data.callbacks.find((c) => c.callbackId !== callbackId && c.status === 'claimed' && c.claimedBy === person.id)}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** What the result did: the callback's status, and for a survey its class, score, and any case or lead it opened. */
function Outcome({ answer, closing, next }: { answer: { outcome: Outcome; result: ResultAnswer }; closing?: string; next?: Schemas['CallbackViewDto'] }) {
  const t = useT();
  const survey = answer.result.survey;
  return (
    <div data-testid="call-outcome">
      {closing && <Say testId="script-closing">{closing}</Say>}
      <Alert
        type={survey && survey.classification !== 'satisfied' && survey.classification !== 'opinion' ? 'warning' : 'success'}
        showIcon
        title={t('call.recorded', { outcome: t.label('outcome', answer.outcome), status: t.label('callbackStatus', answer.result.callbackStatus) })}
        description={
          survey && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('survey.class')}>
                <span data-testid="survey-class">{t.label('surveyClass', survey.classification)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('survey.score')}>
                <span data-testid="survey-score">{survey.score ?? t('survey.unrated')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('survey.caseOpened')}>
                {survey.feedbackCaseNo ? (
                  <Link to={`/cases/${survey.feedbackCaseNo}`} data-testid="opened-case">
                    {survey.feedbackCaseNo}
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('survey.leadOpened')}>{survey.leadCreated ? t('survey.leadYes') : '—'}</Descriptions.Item>
            </Descriptions>
          )
        }
      />
      <Space style={{ marginTop: 16 }}>
        {next && (
          <Link to={`/callbacks/${next.callbackId}`}>
            <Button type="primary">{t('call.nextOfCall', { kind: t.label('callbackKind', next.kind) })}</Button>
          </Link>
        )}
        <Link to="/queue">
          <Button type={next ? 'default' : 'primary'}>{t('call.backToQueue')}</Button>
        </Link>
      </Space>
    </div>
  );
}

/** A fresh call page for each callback, so the next callback of the same call starts at the opening. */
export default function CallRoute() {
  const { callbackId } = useParams();
  return <CallPage key={callbackId} />;
}
