import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Input, List, Modal, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';

type ReportFigures = Schemas['ReportFiguresDto'];
type Figure = Schemas['FigureDto'];
type SegmentFigure = Schemas['SegmentFigureDto'];
import { useApi } from '../../api/useApi';
import { useSession } from '../../app/session';
import { ErrorNote } from '../../components/ErrorNote';
import { useT, type Translate } from '../../i18n/I18n';
import { companyTime, dayjs } from '../../time';
import { STATUS_COLOR } from './ReportListPage';

// ECharts is loaded only when a report is opened.
const Chart = lazy(() => import('../../components/Chart'));

const HEADLINE = [
  ['callbackSuccessRate', 'figure.callbackSuccessRate', '%'],
  ['surveyRate', 'figure.surveyRate', '%'],
  ['questionnaireReturnRate', 'figure.questionnaireReturnRate', '%'],
  ['satisfaction', 'figure.satisfaction', ''],
] as const;

function FigureCard({ label, figure, unit }: { label: string; figure: Figure; unit: string }) {
  const t = useT();
  return (
    <Card size="small">
      <Statistic title={label} value={figure.value ?? '—'} suffix={figure.value === null ? undefined : unit} precision={figure.value === null ? undefined : 1} />
      {figure.target === null ? (
        <Typography.Text type="secondary">{t('figure.noTarget')}</Typography.Text>
      ) : (
        <Space>
          <span>
            {t('figure.target')} ≥ {figure.target}
            {unit}
          </span>
          {figure.met === null ? <Tag>{t('figure.noData')}</Tag> : figure.met ? <Tag color="green">{t('figure.met')}</Tag> : <Tag color="red">{t('figure.missed')}</Tag>}
        </Space>
      )}
    </Card>
  );
}

function trendOption(figures: ReportFigures, label: string, t: Translate) {
  const points = figures.trend.some((p) => p.label === label) ? figures.trend : [...figures.trend, { label, surveys: figures.surveys.rated, satisfaction: figures.satisfaction.value }];
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 60, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        name: t('figure.satisfaction'),
        type: 'line',
        data: points.map((p) => p.satisfaction),
        connectNulls: false,
        label: { show: true },
        markLine: { symbol: 'none', data: [{ yAxis: figures.satisfaction.target ?? 90, name: t('figure.target') }], label: { formatter: `${t('figure.target')} {c}` }, lineStyle: { color: '#cf1322', type: 'dashed' } },
      },
    ],
  };
}

function barOption(rows: { key: string; value: number | null }[], name: string) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, top: 20, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.key), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [{ name, type: 'bar', data: rows.map((r) => r.value), label: { show: true, position: 'top' } }],
  };
}

/** A figure's name in the page's language, e.g. cases.resolutionRate; the key itself when there is none. */
function figureName(key: string, t: Translate): string {
  const name = `figure.${key.split('.').pop()}`;
  const text = t(name as Parameters<Translate>[0]);
  return text === name ? key : text;
}

const segmentRows = (segments: SegmentFigure[], t: Translate, group?: string) => segments.map((s) => ({ key: group ? t.label(group, s.key) : (s.key ?? '—'), value: s.meanScore }));

/** A report: its figures against their targets, trend and breakdowns as charts, top problems, approval and CSV. */
export default function ReportPage() {
  const { kind = '', label = '' } = useParams();
  const t = useT();
  const { has } = useSession();
  const { message } = App.useApp();
  const [version, setVersion] = useState<number>();
  const [approving, setApproving] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const report = useApi(
    () => data(api.GET('/reports/{kind}/{label}', { params: { path: { kind: kind as 'monthly', label }, query: version ? { version } : {} } })),
    [kind, label, version],
  );
  const figures = report.data?.figures;
  const options = useMemo(() => {
    if (!figures) return undefined;
    return {
      trend: trendOption(figures, label, t),
      category: barOption(segmentRows(figures.breakdowns.customerCategory, t, 'category'), t('figure.meanScore')),
      region: barOption(segmentRows(figures.breakdowns.region, t), t('figure.meanScore')),
      product: barOption(segmentRows(figures.breakdowns.productModel, t), t('figure.meanScore')),
      cases: barOption(figures.cases.byClassification.map((c) => ({ key: t.label('classification', c.key), value: c.count })), t('figure.cases')),
    };
  }, [figures, label, t]);

  if (report.error) return <ErrorNote error={report.error} />;
  if (!report.data || !figures || !options) return <Spin />;
  const r = report.data;
  const canApprove = has('after_sales_manager', 'general_manager') && (r.status === 'awaiting_approval' || r.status === 'escalated');
  const csv = `/reports/${r.kind}/${r.label}/csv?version=${r.version}`;

  const approve = async () => {
    setBusy(true);
    try {
      await data(api.POST('/reports/{kind}/{label}/approval', { params: { path: { kind: r.kind, label: r.label } }, body: note.trim() ? { note: note.trim() } : {} }));
      void message.success(t('reports.approved'));
      setApproving(false);
      report.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={2}>
        {t.label('reportKind', r.kind)} {r.label}{' '}
        <Tag color={STATUS_COLOR[r.status]} data-testid="report-status">
          {t.label('reportStatus', r.status)}
        </Tag>
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('reports.version')}
          value={r.version}
          style={{ width: 140 }}
          onChange={setVersion}
          options={Array.from({ length: Math.max(r.version, version ?? 0) }, (_, i) => ({ value: i + 1, label: `${t('reports.version')} ${i + 1}` }))}
        />
        <Button icon={<DownloadOutlined />} href={csv} download>
          {t('reports.csv')}
        </Button>
        {canApprove && (
          <Button type="primary" onClick={() => setApproving(true)}>
            {t('reports.approve')}
          </Button>
        )}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('reports.period')}>
          {r.periodStart} – {dayjs(r.periodEnd).subtract(1, 'day').format('YYYY-MM-DD')}
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.generatedAt')}>{companyTime(r.generatedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('reports.dataAsOf')}>{companyTime(figures.dataAsOf)}</Descriptions.Item>
        <Descriptions.Item label={t('reports.approvedBy')}>{r.approvedBy ? `${r.approvedBy} · ${companyTime(r.approvedAt)}` : '—'}</Descriptions.Item>
      </Descriptions>
      <Row gutter={[16, 16]}>
        {HEADLINE.map(([key, name, unit]) => (
          <Col key={key} xs={24} md={12} xl={6}>
            <FigureCard label={t(name)} figure={figures[key]} unit={unit} />
          </Col>
        ))}
        <Col xs={24} md={12} xl={6}>
          <FigureCard label={t('figure.resolutionRate')} figure={figures.cases.resolutionRate} unit="%" />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <FigureCard label={t('figure.revisitSatisfactionRate')} figure={figures.cases.revisitSatisfactionRate} unit="%" />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small">
            <Statistic title={t('figure.callbacks')} value={`${figures.callbacks.reached} / ${figures.callbacks.due}`} />
            {t('figure.surveys')}: {figures.callbacks.surveysCompleted}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small">
            <Statistic title={t('figure.complaints')} value={figures.complaints.count} />
            {t('figure.per100')}: {figures.complaints.per100Deliveries ?? '—'} · {t('figure.escalations')}: {figures.cases.escalations}
          </Card>
        </Col>
      </Row>
      <Suspense fallback={<Spin />}>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card title={t('reports.trend')} size="small">
              <Chart option={options.trend} label={t('reports.trend')} testId="trend-chart" />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('reports.byCategory')} size="small">
              <Chart option={options.category} label={t('reports.byCategory')} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card title={t('reports.byRegion')} size="small">
              <Chart option={options.region} label={t('reports.byRegion')} height={240} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card title={t('reports.byProduct')} size="small">
              <Chart option={options.product} label={t('reports.byProduct')} height={240} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card title={t('reports.casesByClass')} size="small">
              <Chart option={options.cases} label={t('reports.casesByClass')} height={240} />
            </Card>
          </Col>
        </Row>
      </Suspense>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={8}>
          <Card title={t('reports.topProblems')} size="small">
            <List
              size="small"
              dataSource={figures.cases.topProblems}
              locale={{ emptyText: t('figure.noData') }}
              renderItem={(p, i) => (
                <List.Item data-testid="top-problem">
                  {i + 1}. {p.problem} <Tag>{p.count}</Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('reports.dimensions')} size="small">
            <Descriptions size="small" column={1}>
              {(['product', 'attitude', 'speed', 'service'] as const).map((d) => (
                <Descriptions.Item key={d} label={t.label('dimension', d)}>
                  {figures.dimensions[d] ?? '—'}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('reports.onTime')} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey="stage"
              dataSource={figures.cases.onTimeByStage}
              columns={[
                { title: t('field.stage'), dataIndex: 'stage', render: (s: string) => t.label('stage', s) },
                { title: t('reports.entered'), dataIndex: 'entered' },
                { title: t('reports.missed'), dataIndex: 'missed' },
                { title: '%', dataIndex: 'rate', render: (v: number | null) => v ?? '—' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {r.differences && r.differences.length > 0 && (
        <Card title={t('reports.changes', { v: r.previousVersion ?? '' })} size="small" style={{ marginTop: 16 }}>
          <Table
            size="small"
            pagination={false}
            rowKey="figure"
            dataSource={r.differences}
            columns={[
              { title: t('reports.figure'), dataIndex: 'figure', render: (f: string) => figureName(f, t) },
              { title: t('reports.before'), dataIndex: 'before', render: (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v)) },
              { title: t('reports.after'), dataIndex: 'after', render: (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v)) },
            ]}
          />
        </Card>
      )}
      <Modal open={approving} title={t('reports.approveTitle', { label: r.label })} okText={t('reports.approve')} confirmLoading={busy} onOk={() => void approve()} onCancel={() => setApproving(false)}>
        <label htmlFor="approval-note">{t('reports.approvalNote')}</label>
        <Input.TextArea id="approval-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}
