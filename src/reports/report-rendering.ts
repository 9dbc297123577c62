// Plain-text renderings of a report for managers: a CSV for spreadsheets and an SVG trend chart for the browser.
import { stringify } from 'csv-stringify/sync';
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

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A line chart of satisfaction (0–100) over the report's trend points and its own period, with the target line at
 * 90, the period labels on the x axis, the scale on the y axis and a title. Periods without a rated survey are left
 * out of the line and marked "—".
 */
export function satisfactionTrendSvg(report: RenderableReport): string {
  const width = 720;
  const height = 360;
  const left = 56;
  const right = 24;
  const top = 48;
  const bottom = 56;
  const points = [
    ...report.figures.trend.map((p) => ({ label: p.label, value: p.satisfaction })),
    { label: report.label, value: report.figures.satisfaction.value },
  ];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (plotW * i) / (points.length - 1));
  const y = (v: number) => top + plotH - (plotH * Math.max(0, Math.min(100, v))) / 100;
  const r = (n: number) => Math.round(n * 10) / 10;
  const title = `Satisfaction, ${report.kind} report ${report.label} (v${report.version})`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  // y axis: grid and scale every 20 points
  for (let v = 0; v <= 100; v += 20) {
    parts.push(`<line x1="${left}" y1="${r(y(v))}" x2="${width - right}" y2="${r(y(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 8}" y="${r(y(v)) + 4}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="16" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${top + plotH / 2})">satisfaction (0–100)</text>`);
  // target line
  const target = TARGETS.satisfaction;
  parts.push(`<line x1="${left}" y1="${r(y(target))}" x2="${width - right}" y2="${r(y(target))}" stroke="#d33" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${width - right}" y="${r(y(target)) - 4}" text-anchor="end" fill="#d33">target ${target}</text>`);
  // x axis labels
  points.forEach((p, i) => {
    parts.push(`<text x="${r(x(i))}" y="${top + plotH + 20}" text-anchor="middle">${escapeXml(p.label)}</text>`);
  });
  parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle">period</text>`);
  // the line, broken where a period has no rated survey
  const segments: string[][] = [[]];
  points.forEach((p, i) => {
    if (p.value === null) {
      segments.push([]);
      parts.push(`<text x="${r(x(i))}" y="${top + plotH - 6}" text-anchor="middle" fill="#999">—</text>`);
    } else {
      segments[segments.length - 1].push(`${r(x(i))},${r(y(p.value))}`);
    }
  });
  for (const seg of segments.filter((s) => s.length > 1)) {
    parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="#1f6feb" stroke-width="2"/>`);
  }
  points.forEach((p, i) => {
    if (p.value === null) return;
    parts.push(`<circle cx="${r(x(i))}" cy="${r(y(p.value))}" r="4" fill="#1f6feb"><title>${escapeXml(`${p.label}: ${p.value}`)}</title></circle>`);
    parts.push(`<text x="${r(x(i))}" y="${r(y(p.value)) - 8}" text-anchor="middle">${p.value}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
