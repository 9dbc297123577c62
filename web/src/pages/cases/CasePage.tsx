import { Alert, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { usePerson } from '../../app/session';
import { Deadline } from '../../components/Deadline';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';
import { AnalysisForm, AssignmentForm, CompletionForm, VerificationForm } from './caseForms';
import { RevisitPanel } from './RevisitPanel';

type CaseState = Schemas['FeedbackCaseStateDto'];
const PRIORITY_COLOR = { high: 'red', medium: 'orange', low: 'blue' } as const;

/** What the signed-in person may do at the case's stage; the workflow checks it again. */
function ActionPanel({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const person = usePerson();
  const is = (role: string) => person.roles.includes(role as never);
  const manager = is('after_sales_manager') || is('general_manager');
  switch (state.stage) {
    case 'registered':
      return manager ? <AssignmentForm state={state} onDone={onDone} /> : <Alert type="info" title={t('case.waitAssignment')} />;
    case 'assigned':
      return state.ownerId === person.id ? <AnalysisForm state={state} onDone={onDone} /> : <Alert type="info" title={t('case.waitOwner', { owner: state.ownerId ?? '' })} />;
    case 'in_progress':
      return state.ownerId === person.id ? <CompletionForm state={state} onDone={onDone} /> : <Alert type="info" title={t('case.waitOwner', { owner: state.ownerId ?? '' })} />;
    case 'verifying':
      return manager ? <VerificationForm state={state} onDone={onDone} /> : <Alert type="info" title={t('case.waitVerification')} />;
    case 'revisiting':
      return is('agent') ? <RevisitPanel state={state} onDone={onDone} /> : <Alert type="info" title={t('case.waitRevisit')} />;
    default:
      return <Alert type="success" title={t('case.closedNote', { resolution: t.label('resolution', state.resolution) })} />;
  }
}

function eventText(event: Schemas['CaseEventDto'], t: ReturnType<typeof useT>): string {
  const details = event.details ?? {};
  const parts = [t.label('event', event.type)];
  if (event.actor) parts.push(`${event.actor.id} (${t.label('role', event.actor.role)})`);
  if (typeof details.stage === 'string') parts.push(t.label('stage', details.stage));
  if (typeof details.ownerId === 'string') parts.push(`→ ${details.ownerId}`);
  if (typeof details.note === 'string') parts.push(details.note);
  if (typeof details.summary === 'string') parts.push(details.summary);
  return parts.join(' · ');
}

/** One feedback case: its stage and deadline, the analysis and plan, the timeline, and the form of the current stage. */
export default function CasePage() {
  const { caseNo = '' } = useParams();
  const t = useT();
  const loaded = useApi(() => data(api.GET('/feedback-cases/{caseNo}', { params: { path: { caseNo } } })), [caseNo]);
  const [state, setState] = useState<CaseState>();
  useEffect(() => setState(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!state) return <Spin />;
  const current = [...state.deadlines].reverse().find((d) => d.stage === state.stage && d.cycle === state.cycle);
  return (
    <>
      <Typography.Title level={2}>
        {t('case.title', { caseNo: state.caseNo })}{' '}
        <Tag color={PRIORITY_COLOR[state.priority]}>{t.label('priority', state.priority)}</Tag>
        <Tag data-testid="case-stage">{t.label('stage', state.stage)}</Tag>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('case.facts')} size="small">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('field.classification')}>{t.label('classification', state.classification)}</Descriptions.Item>
              <Descriptions.Item label={t('field.cycle')}>{state.cycle}</Descriptions.Item>
              <Descriptions.Item label={t('field.sale')}>
                <Link to={`/sales/${state.saleId}`}>{state.saleId}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.callback')}>{state.callbackId}</Descriptions.Item>
              <Descriptions.Item label={t('field.customer')}>{state.customerId}</Descriptions.Item>
              <Descriptions.Item label={t('field.receivedAt')}>{companyTime(state.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.department')}>{t.label('department', state.department)}</Descriptions.Item>
              <Descriptions.Item label={t('field.owner')}>{state.ownerId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('field.nature')}>{t.label('nature', state.nature)}</Descriptions.Item>
              <Descriptions.Item label={t('field.scope')}>{t.label('scope', state.scope)}</Descriptions.Item>
              <Descriptions.Item label={t('field.stageDue')} span={2}>
                <Deadline dueAt={current?.dueAt} warnAt={current?.warnAt} closed={state.stage === 'closed'} />
              </Descriptions.Item>
              <Descriptions.Item label={t('field.missedDeadlines')}>{state.missedDeadlines}</Descriptions.Item>
              <Descriptions.Item label={t('field.handlers')}>{state.handlers.join(', ') || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          {state.analysis && (
            <Card title={t('case.analysis')} size="small" style={{ marginTop: 16 }}>
              <Typography.Text strong>{t('case.whyChain')}</Typography.Text>
              <ol>
                {state.analysis.whyChain.map((why, i) => (
                  <li key={i}>{why}</li>
                ))}
              </ol>
              <Typography.Paragraph>
                <Typography.Text strong>{t('case.rootCause')}: </Typography.Text>
                {state.analysis.rootCause}
              </Typography.Paragraph>
              {(['shortTermMeasures', 'longTermMeasures'] as const).map((kind) => (
                <List
                  key={kind}
                  size="small"
                  header={<Typography.Text strong>{t(kind === 'shortTermMeasures' ? 'case.shortTerm' : 'case.longTerm')}</Typography.Text>}
                  dataSource={state.analysis![kind]}
                  locale={{ emptyText: '—' }}
                  renderItem={(m) => (
                    <List.Item>
                      <Space>
                        {m.description}
                        <Tag>{companyTime(m.deadline)}</Tag>
                      </Space>
                    </List.Item>
                  )}
                />
              ))}
            </Card>
          )}
          <Card title={t('case.nextStep')} size="small" style={{ marginTop: 16 }}>
            <ActionPanel state={state} onDone={setState} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('case.timeline')} size="small">
            {state.events.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={state.events.map((event) => ({
                  key: event.eventId,
                  color: event.type === 'escalated' ? 'red' : event.type === 'warning' ? 'orange' : event.type === 'closed' ? 'green' : 'blue',
                  title: companyTime(event.at),
                  content: eventText(event, t),
                }))}
              />
            )}
          </Card>
          <Card title={t('case.deadlines')} size="small" style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={state.deadlines}
              renderItem={(d) => (
                <List.Item>
                  <Space wrap>
                    <span>
                      {t('field.cycle')} {d.cycle} · {t.label('stage', d.stage)}
                    </span>
                    <span>{companyTime(d.dueAt)}</span>
                    {d.missed ? <Tag color="red">{t('deadline.missed')}</Tag> : d.metAt ? <Tag color="green">{t('deadline.met')}</Tag> : null}
                    {d.provisional && <Tag>{t('deadline.provisional')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
