import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { formErrors, rulesFor } from '../../api/formRules';
import { validateBody } from '../../api/validation';
import { useApi } from '../../api/useApi';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/I18n';
import { companyTime, dayjs } from '../../time';

type Year = Schemas['CalendarYearViewDto'];
interface YearForm {
  year: number;
  official: boolean;
  holidays: dayjs.Dayjs[];
  workdays: dayjs.Dayjs[];
  source?: string;
}

/** The business calendar: loaded years, and a form to load or correct one (public holidays, make-up working days). */
export default function CalendarPage() {
  const t = useT();
  const { message } = App.useApp();
  const calendar = useApi(() => data(api.GET('/calendar')), []);
  const [editing, setEditing] = useState<Partial<YearForm>>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<YearForm>();

  const open = (year?: Year) => {
    const values = year
      ? { year: year.year, official: year.official, holidays: year.holidays.map((d) => dayjs(d)), workdays: year.workdays.map((d) => dayjs(d)), source: year.source }
      : { year: new Date().getFullYear() + 1, official: false, holidays: [], workdays: [] };
    form.setFieldsValue(values);
    setEditing(values);
  };

  const save = async () => {
    const v = await form.validateFields();
    const body = {
      official: v.official,
      holidays: (v.holidays ?? []).map((d) => d.format('YYYY-MM-DD')).sort(),
      workdays: (v.workdays ?? []).map((d) => d.format('YYYY-MM-DD')).sort(),
      ...(v.source?.trim() ? { source: v.source.trim() } : {}),
    };
    const problems = validateBody('CalendarYearBodyDto', body);
    if (problems.length > 0) return form.setFields(formErrors(problems) as never);
    setBusy(true);
    try {
      await data(api.PUT('/calendar/years/{year}', { params: { path: { year: v.year } }, body }));
      void message.success(t('calendar.saved', { year: v.year }));
      setEditing(undefined);
      calendar.reload();
    } catch (err) {
      if (err instanceof ApiError) form.setFields(formErrors(err.problem.fields ?? []) as never);
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={2}>{t('menu.calendar')}</Typography.Title>
      <ErrorNote error={calendar.error} />
      <Card size="small" extra={<Button onClick={() => open()}>{t('calendar.add')}</Button>} title={t('calendar.version', { v: calendar.data?.version ?? '' })}>
        <Table<Year>
          rowKey="year"
          loading={calendar.loading}
          dataSource={calendar.data?.years ?? []}
          pagination={false}
          columns={[
            { title: t('calendar.year'), dataIndex: 'year' },
            { title: t('calendar.official'), dataIndex: 'official', render: (o: boolean) => (o ? <Tag color="green">{t('calendar.isOfficial')}</Tag> : <Tag color="orange">{t('calendar.provisional')}</Tag>) },
            { title: t('calendar.holidays'), dataIndex: 'holidays', render: (h: string[]) => h.length },
            { title: t('calendar.workdays'), dataIndex: 'workdays', render: (w: string[]) => w.join(', ') || '—' },
            { title: t('calendar.source'), dataIndex: 'source' },
            { title: t('calendar.loadedAt'), dataIndex: 'loadedAt', render: (l: string) => companyTime(l) },
            { title: t('field.actions'), key: 'edit', render: (_, y) => <Button size="small" onClick={() => open(y)} aria-label={t('calendar.editYear', { year: y.year })}>{t('action.edit')}</Button> },
          ]}
        />
      </Card>
      <Modal open={!!editing} width={640} title={t('calendar.edit')} okText={t('action.save')} confirmLoading={busy} onOk={() => void save()} onCancel={() => setEditing(undefined)}>
        <Form form={form} layout="vertical">
          <Form.Item name="year" label={t('calendar.year')} rules={[{ required: true }]}>
            <InputNumber min={1970} max={2999} />
          </Form.Item>
          <Form.Item name="official" label={t('calendar.official')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="holidays" label={t('calendar.holidays')}>
            <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="workdays" label={t('calendar.workdays')}>
            <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="source" label={t('calendar.source')} rules={rulesFor('CalendarYearBodyDto', 'source', t)}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
