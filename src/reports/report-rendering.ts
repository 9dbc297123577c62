// Plain-text renderings of a report for managers: a CSV for spreadsheets and an SVG trend chart for the browser.
import { stringify } from 'csv-stringify/sync';
import * as echarts from 'echarts';
import { TARGETS, type ReportFigures, type SegmentFigure } from './report-figures.js';
import type { ReportDifference } from './report.entity.js';

/** One report as the renderers need it. */
export interface RenderableReport {
  kind: string;
  label: string;
  version: number;
  figures: ReportFigures;
  /** For a restated version: the headline figures that changed from the version before. */
  previousVersion?: number | null;
  differences?: ReportDifference[] | null;
}

type CsvCell = string | number | boolean | null | undefined;
// Booleans as true/false, like the JSON answer; null and undefined as an empty cell.
const csvRow = (cells: CsvCell[]): string => stringify([cells], { cast: { boolean: String } }).replace(/\n$/, '');

/**
 * The report as CSV (RFC 4180, CRLF line ends). First the headline figures, `figure,value,target,met` (empty target
 * and met for plain counts); then, after an empty line, one section per breakdown, `section,key,surveys,meanScore`
 * (an empty key is "unknown"); then the trend, `trend,label,surveys,satisfaction`; for a restated version, last,
 * what changed from the version before, `changedSince,figure,before,after`.
 */
export function reportCsv(report: RenderableReport): string {
  const f = report.figures;
  const lines: string[] = [csvRow(['figure', 'value', 'target', 'met'])];
  const headline: [string, { value: number | null; target: number | null; met: boolean | null } | number | null][] = [
    ['callbackSuccessRate', f.callbackSuccessRate],
    ['surveyRate', f.surveyRate],
    ['questionnaireReturnRate', f.questionnaireReturnRate],
    ['satisfaction', f.satisfaction],
    ['cases.resolutionRate', f.cases.resolutionRate],
    ['cases.revisitSatisfactionRate', f.cases.revisitSatisfactionRate],
    ['callbacks.due', f.callbacks.due],
    ['callbacks.reached', f.callbacks.reached],
    ['surveys.recorded', f.surveys.recorded],
    ['surveys.rated', f.surveys.rated],
    ['cases.received', f.cases.received],
    ['cases.escalations', f.cases.escalations],
    ['complaints.count', f.complaints.count],
    ['complaints.per100Deliveries', f.complaints.per100Deliveries],
  ];
  for (const [name, v] of headline) {
    if (v !== null && typeof v === 'object') lines.push(csvRow([name, v.value, v.target, v.met]));
    else lines.push(csvRow([name, v, '', '']));
  }
  lines.push('');
  lines.push(csvRow(['section', 'key', 'surveys', 'meanScore']));
  const sections: [string, SegmentFigure[]][] = Object.entries(f.breakdowns);
  for (const [section, rows] of sections) {
    for (const row of rows) lines.push(csvRow([section, row.key, row.surveys, row.meanScore]));
  }
  lines.push('');
  lines.push(csvRow(['trend', 'label', 'surveys', 'satisfaction']));
  for (const p of f.trend) lines.push(csvRow(['trend', p.label, p.surveys, p.satisfaction]));
  lines.push(csvRow(['trend', report.label, f.surveys.rated, f.satisfaction.value]));
  if (report.previousVersion) {
    lines.push('');
    lines.push(csvRow(['changedSince', 'figure', 'before', 'after']));
    for (const d of report.differences ?? []) lines.push(csvRow([`v${report.previousVersion}`, d.figure, d.before, d.after]));
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * A line chart of satisfaction (0–100) over the report's trend points and its own period, with the target line at
 * 90, the period labels on the x axis, the scale on the y axis and a title, drawn by ECharts on the server. Periods
 * without a rated survey break the line and are marked "—".
 */
export function satisfactionTrendSvg(report: RenderableReport): string {
  const points = [
    ...report.figures.trend.map((p) => ({ label: p.label, value: p.satisfaction })),
    { label: report.label, value: report.figures.satisfaction.value },
  ];
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 360 });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#fff',
      textStyle: { fontFamily: 'sans-serif' },
      title: { text: `Satisfaction, ${report.kind} report ${report.label} (v${report.version})`, left: 'center' },
      grid: { left: 64, right: 32, top: 56, bottom: 56 },
      xAxis: { type: 'category', name: 'period', nameLocation: 'middle', nameGap: 32, data: points.map((p) => p.label) },
      yAxis: { type: 'value', name: 'satisfaction (0–100)', nameLocation: 'middle', nameGap: 40, min: 0, max: 100, interval: 20 },
      series: [
        {
          type: 'line',
          connectNulls: false,
          label: { show: true },
          data: points.map((p) => p.value),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#d33', type: 'dashed' },
            label: { formatter: `target ${TARGETS.satisfaction}`, position: 'insideEndTop', color: '#d33' },
            data: [{ yAxis: TARGETS.satisfaction }],
          },
          markPoint: {
            symbol: 'circle',
            symbolSize: 1,
            itemStyle: { color: 'transparent' },
            label: { show: true, formatter: '—', color: '#999', position: 'top' },
            data: points.flatMap((p) => (p.value === null ? [{ coord: [p.label, 2] }] : [])),
          },
        },
      ],
    });
    return chart.renderToSVGString() + '\n';
  } finally {
    chart.dispose();
  }
}
