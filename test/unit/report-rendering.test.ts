import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportCsv, satisfactionTrendSvg } from '../../src/reports/report-rendering.js';
import { sampleFigures } from '../support/report-figures.js';

const report = (change?: Parameters<typeof sampleFigures>[0]) => ({ kind: 'monthly', label: '2091-01', version: 3, figures: sampleFigures(change) });

describe('report CSV', () => {
  it('puts the headline figures first, then breakdown and trend sections, with CRLF line ends', () => {
    const csv = reportCsv(report());
    assert.ok(csv.endsWith('\r\n'));
    const lines = csv.split('\r\n');
    assert.deepEqual(lines.slice(0, 5), [
      'figure,value,target,met',
      'callbackSuccessRate,80,50,true',
      'surveyRate,75,60,true',
      'questionnaireReturnRate,50,70,false',
      'satisfaction,88.5,90,false',
    ]);
    assert.ok(lines.includes('cases.resolutionRate,50,,'));
    assert.ok(lines.includes('complaints.count,1,,'));
    assert.ok(lines.includes('section,key,surveys,meanScore'));
    assert.ok(lines.includes('region,,1,'), 'an unknown key and a null mean are empty cells');
    assert.ok(lines.includes('trend,T-2,0,'));
    assert.ok(lines.includes('trend,2091-01,5,88.5'), 'the period itself ends the trend');
    assert.ok(!csv.includes('changedSince'), 'a first version has nothing to compare with');
  });

  it('ends a restated version with what changed since the version before', () => {
    const restated = {
      ...report(),
      previousVersion: 2,
      differences: [
        { figure: 'surveyRate' as const, before: 70, after: 75 },
        { figure: 'satisfaction' as const, before: null, after: 88.5 },
      ],
    };
    const lines = reportCsv(restated).split('\r\n');
    assert.deepEqual(lines.slice(-4), ['changedSince,figure,before,after', 'v2,surveyRate,70,75', 'v2,satisfaction,,88.5', '']);
  });

  it('quotes cells holding commas or quotes', () => {
    assert.ok(reportCsv(report()).split('\r\n').includes('customerCategory,"industrial, ""heavy""",2,84'));
  });
});

describe('satisfaction trend SVG', () => {
  /** The texts the chart draws, in order. */
  const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

  it('draws a titled chart with the target line and every period label', () => {
    const svg = satisfactionTrendSvg(report());
    assert.ok(svg.startsWith('<svg '));
    assert.ok(svg.includes('xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    const drawn = texts(svg);
    assert.ok(drawn.includes('Satisfaction, monthly report 2091-01 (v3)'));
    assert.ok(drawn.includes('target 90'));
    for (const label of ['T-1', 'T-2', '2091-01']) assert.ok(drawn.includes(label), label);
  });

  it('labels each rated period with its score and marks one without a rated survey', () => {
    const svg = satisfactionTrendSvg(report((f) => {
      f.trend = [
        { label: 'T-1', start: '2090-11-01', end: '2090-12-01', surveys: 3, satisfaction: 71 },
        { label: 'T-2', start: '2090-12-01', end: '2091-01-01', surveys: 0, satisfaction: null },
      ];
      f.satisfaction.value = 97;
    }));
    const drawn = texts(svg);
    assert.ok(drawn.includes('71') && drawn.includes('97'));
    assert.equal(drawn.filter((t) => t === '—').length, 1, 'the period without a rated survey is marked');
  });

  it('escapes text', () => {
    const svg = satisfactionTrendSvg(report((f) => {
      f.trend = [{ label: '<b>&', start: '2090-12-01', end: '2091-01-01', surveys: 1, satisfaction: 100 }];
    }));
    assert.ok(svg.includes('&lt;b&gt;&amp;'));
    assert.ok(!svg.includes('<b>'));
  });

  it('draws a single period', () => {
    const drawn = texts(satisfactionTrendSvg(report((f) => (f.trend = []))));
    assert.ok(drawn.includes('2091-01'));
    assert.ok(!drawn.includes('T-1'));
  });
});
