import { randomInt } from 'node:crypto';
import type { ReportFigures } from '../../src/reports/report-figures.js';
import type { ReportPeriodRef } from '../../workflows/report-types.js';

const figure = (value: number | null, target: number | null) => ({
  value,
  target,
  met: value === null || target === null ? null : value >= target,
});

/** A complete set of report figures with plausible values; `change` adjusts any of them. */
export function sampleFigures(change: (f: ReportFigures) => void = () => undefined): ReportFigures {
  const f: ReportFigures = {
    period: { start: '2091-01-01', end: '2091-02-01', timeZone: 'Asia/Shanghai' },
    callbacks: { due: 10, reached: 8, surveysCompleted: 6 },
    callbackSuccessRate: figure(80, 50),
    surveyRate: figure(75, 60),
    questionnaires: { sent: 2, returned: 1 },
    questionnaireReturnRate: figure(50, 70),
    surveys: { recorded: 6, rated: 5 },
    satisfaction: figure(88.5, 90),
    dimensions: { product: 90, attitude: 85, speed: null, service: 88 },
    breakdowns: {
      customerCategory: [{ key: 'medical', surveys: 4, meanScore: 91 }, { key: 'industrial, "heavy"', surveys: 2, meanScore: 84 }],
      keyAccount: [{ key: 'true', surveys: 3, meanScore: 92 }],
      region: [{ key: null, surveys: 1, meanScore: null }],
      industry: [],
      productModel: [{ key: 'XR-200', surveys: 6, meanScore: 88.5 }],
    },
    trend: [
      { label: 'T-1', start: '2090-11-01', end: '2090-12-01', surveys: 3, satisfaction: 92 },
      { label: 'T-2', start: '2090-12-01', end: '2091-01-01', surveys: 0, satisfaction: null },
    ],
    cases: {
      received: 2,
      byClassification: [],
      byPriority: [],
      byDepartment: [],
      topProblems: [],
      resolved: 1,
      resolutionRate: figure(50, null),
      onTimeByStage: [],
      escalations: 0,
      revisits: 1,
      satisfiedRevisits: 1,
      revisitSatisfactionRate: figure(100, null),
    },
    complaints: { count: 1, deliveries: 20, per100Deliveries: 5 },
    opinions: [],
  };
  change(f);
  return f;
}

/** A monthly period of a random far-future year, so that runs and other tests never share a report. */
export function aFarMonth(): ReportPeriodRef {
  const year = randomInt(3000, 9999);
  const month = randomInt(1, 12);
  const pad = (n: number) => String(n).padStart(2, '0');
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { kind: 'monthly', label: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: next };
}
