import { Alert, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { useApi } from '../../api/useApi';
import { usePerson } from '../../app/session';
import { ContactsCard } from '../../components/ContactsCard';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime } from '../../time';
import { fillPlaceholders } from '../agent/callScript';
import { RevisitForm } from './caseForms';

type CaseState = Schemas['FeedbackCaseStateDto'];

/**
 * The independent re-visit: the re-visit sheet (whom to call, the customer's words, the plan), read only by an agent
 * who did not handle the case, and the re-visit script before the form. Anyone else is told why not.
 */
export function RevisitPanel({ state, onDone }: { state: CaseState; onDone: (s: CaseState) => void }) {
  const t = useT();
  const person = usePerson();
  const handled = state.handlers.includes(person.id);
  const sheet = useApi(
    async () => (handled ? undefined : data(api.GET('/feedback-cases/{caseNo}/revisit-sheet', { params: { path: { caseNo: state.caseNo } } }))),
    [state.caseNo, handled],
  );
  const script = useApi(() => data(api.GET('/call-scripts/{kind}', { params: { path: { kind: 'revisit' } } })), []);
  const refused = handled || (sheet.error instanceof ApiError && (sheet.error.status === 403 || sheet.error.status === 409));
  if (refused) {
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        data-testid="not-independent"
        title={t('case.notIndependent')}
        description={sheet.error && !handled ? sheet.error.message : t('case.notIndependentBody')}
      />
    );
  }
  if (sheet.error) return <ErrorNote error={sheet.error} />;
  if (!sheet.data) return <Spin />;
  const s = sheet.data;
  const fill = (text: string) =>
    fillPlaceholders(text, {
      agentName: person.displayName,
      contactTitle: s.contacts[0]?.title ?? '',
      productModel: s.product.model,
      deliveredOn: s.product.deliveredOn,
      warrantyEndsOn: s.product.warrantyEndsOn,
      caseNo: state.caseNo,
      receivedOn: companyTime(state.receivedAt, 'YYYY-MM-DD'),
    });
  const steps = script.data?.steps;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ContactsCard contacts={s.contacts} accessedAt={s.access.accessedAt}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('revisit.customerWords')}>{s.customerWords}</Descriptions.Item>
          <Descriptions.Item label={t('field.product')}>{s.product.model}</Descriptions.Item>
        </Descriptions>
      </ContactsCard>
      {steps && (
        <Card size="small" title={script.data!.title}>
          <ol style={{ paddingLeft: 20 }}>
            <li>{fill(steps.opening.say)}</li>
            <li>{fill(steps.identity.ask)}</li>
            <li>{fill(steps.convenience.ask)}</li>
            {steps.questions.map((q, i) => (
              <li key={i}>
                {fill(q.ask)} {q.hint && <Typography.Text type="secondary">{fill(q.hint)}</Typography.Text>}
              </li>
            ))}
            <li>{fill(steps.closing.say)}</li>
          </ol>
        </Card>
      )}
      <RevisitForm state={state} onDone={onDone} />
    </Space>
  );
}
