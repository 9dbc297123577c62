import { Card, Descriptions, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, data, type Schemas } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorNote } from '../components/ErrorNote';
import { useT } from '../i18n/I18n';
import { companyTime } from '../time';

/** One sale's follow-up: its three callbacks, every call attempt and every survey (no names or phones). */
export default function SalePage() {
  const { saleId = '' } = useParams();
  const t = useT();
  const sale = useApi(() => data(api.GET('/sales/{saleId}', { params: { path: { saleId } } })), [saleId]);
  if (sale.error) return <ErrorNote error={sale.error} />;
  if (!sale.data) return <Spin />;
  const s = sale.data;
  return (
    <>
      <Typography.Title level={2}>{t('sale.title', { saleId: s.saleId })}</Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('field.orderNo')}>{s.orderNo}</Descriptions.Item>
        <Descriptions.Item label={t('field.customer')}>{s.customerId}</Descriptions.Item>
        <Descriptions.Item label={t('field.customerCategory')}>{t.label('category', s.customerCategory)}</Descriptions.Item>
        <Descriptions.Item label={t('field.product')}>{s.productModel}</Descriptions.Item>
        <Descriptions.Item label={t('field.deliveredOn')}>{s.deliveredOn}</Descriptions.Item>
        <Descriptions.Item label={t('field.warranty')}>{t('sale.months', { n: s.warrantyMonths })}</Descriptions.Item>
        <Descriptions.Item label={t('field.stage')}>{t.label('saleStage', s.stage)}</Descriptions.Item>
      </Descriptions>
      <Card title={t('sale.callbacks')} size="small" style={{ marginBottom: 16 }}>
        <Table<Schemas['CallbackPlanEntryDto']>
          rowKey="callbackId"
          size="small"
          pagination={false}
          dataSource={s.callbacks}
          columns={[
            { title: t('field.callback'), dataIndex: 'callbackId' },
            { title: t('field.kind'), dataIndex: 'kind', render: (k: string) => t.label('callbackKind', k) },
            { title: t('field.dueAt'), dataIndex: 'dueAt', render: (d: string, row) => <>{companyTime(d)} {row.late && <Tag color="volcano">{t('queue.late')}</Tag>}</> },
            { title: t('field.status'), dataIndex: 'status', render: (st: string) => t.label('callbackStatus', st) },
            { title: t('field.attempts'), dataIndex: 'attempts' },
          ]}
        />
      </Card>
      <Card title={t('sale.surveys')} size="small">
        <Table<Schemas['SurveyViewDto']>
          rowKey="attemptId"
          size="small"
          pagination={false}
          dataSource={s.surveys}
          columns={[
            { title: t('field.recordedAt'), dataIndex: 'recordedAt', render: (r: string) => companyTime(r) },
            { title: t('field.callback'), dataIndex: 'callbackId' },
            { title: t('survey.score'), dataIndex: 'score', render: (v: number | null) => v ?? '—' },
            { title: t('survey.class'), dataIndex: 'classification', render: (c: string) => t.label('surveyClass', c) },
            { title: t('field.caseNo'), dataIndex: 'feedbackCaseNo', render: (no: string | null) => (no ? <Link to={`/cases/${no}`}>{no}</Link> : '—') },
          ]}
        />
      </Card>
    </>
  );
}
