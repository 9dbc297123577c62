import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type BusinessCalendar,
  CHINA_CALENDAR,
  addBusinessDays,
  assertValidCalendar,
  isProvisional,
  isWorkingDay,
  nextWorkingDay,
} from '../../../workflows/domain/business-calendar.js';

const SHANGHAI = 'Asia/Shanghai';

describe('isWorkingDay (China calendar)', () => {
  const rows: Array<[string, boolean, string]> = [
    ['2025-01-01', false, 'New Year, Wednesday'],
    ['2025-01-26', true, 'make-up Sunday before Spring Festival'],
    ['2025-01-28', false, 'Spring Festival eve'],
    ['2025-02-04', false, 'last day of Spring Festival'],
    ['2025-02-05', true, 'first Wednesday after'],
    ['2025-02-08', true, 'make-up Saturday'],
    ['2025-02-09', false, 'ordinary Sunday'],
    ['2025-04-27', true, 'make-up Sunday before Labour Day'],
    ['2025-05-31', false, 'Dragon Boat Saturday'],
    ['2025-06-02', false, 'Dragon Boat Monday'],
    ['2025-09-28', true, 'make-up Sunday before National Day'],
    ['2025-10-08', false, 'National Day, 8th day'],
    ['2025-10-09', true, 'Thursday after National Day'],
    ['2025-10-11', true, 'make-up Saturday'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2026-01-02', false, 'New Year Friday'],
    ['2026-01-03', false, 'New Year Saturday'],
    ['2026-01-04', true, 'make-up Sunday'],
    ['2026-02-13', true, 'Friday before Spring Festival'],
    ['2026-02-14', true, 'make-up Saturday'],
    ['2026-02-15', false, 'Spring Festival Sunday'],
    ['2026-02-16', false, 'Spring Festival Monday'],
    ['2026-02-23', false, 'last day of Spring Festival, Monday'],
    ['2026-02-24', true, 'Tuesday after Spring Festival'],
    ['2026-02-28', true, 'make-up Saturday'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-03-02', true, 'ordinary Monday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-04-06', false, 'Qingming Monday'],
    ['2026-05-05', false, 'Labour Day Tuesday'],
    ['2026-05-09', true, 'make-up Saturday'],
    ['2026-06-19', false, 'Dragon Boat Friday'],
    ['2026-09-20', true, 'make-up Sunday'],
    ['2026-09-25', false, 'Mid-Autumn Friday'],
    ['2026-09-30', true, 'Wednesday before National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'National Day, 7th day'],
    ['2026-10-08', true, 'Thursday after National Day'],
    ['2026-10-10', true, 'make-up Saturday'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-12-31', true, 'year end, Thursday'],
    ['2027-01-01', true, 'no 2027 data: weekdays only'],
    ['2027-01-02', false, 'no 2027 data: Saturday'],
    ['2028-02-29', true, 'leap day, Tuesday'],
  ];
  for (const [date, working, why] of rows) {
    it(`${date} ${working ? 'is' : 'is not'} a working day (${why})`, () => {
      assert.equal(isWorkingDay(CHINA_CALENDAR, date), working);
    });
  }
  it('rejects a malformed date', () => assert.throws(() => isWorkingDay(CHINA_CALENDAR, '2026-02-30'), /Invalid local date/));
});

describe('isProvisional', () => {
  const draft: BusinessCalendar = {
    version: 'draft',
    years: { 2027: { official: false, holidays: ['2027-01-01'], workdays: [] } },
  };
  const rows: Array<[BusinessCalendar, number, boolean]> = [
    [CHINA_CALENDAR, 2025, false],
    [CHINA_CALENDAR, 2026, false],
    [CHINA_CALENDAR, 2024, true],
    [CHINA_CALENDAR, 2027, true],
    [draft, 2027, true],
    [draft, 2026, true],
  ];
  for (const [calendar, year, provisional] of rows) {
    it(`${calendar.version} ${year} → ${provisional}`, () => assert.equal(isProvisional(calendar, year), provisional));
  }
  it('still uses a draft year’s holidays', () => assert.equal(isWorkingDay(draft, '2027-01-01'), false));
});

describe('nextWorkingDay', () => {
  const rows: Array<[string, string]> = [
    ['2026-03-02', '2026-03-03'],
    ['2026-03-06', '2026-03-09'],
    ['2026-03-07', '2026-03-09'],
    ['2026-02-13', '2026-02-14'],
    ['2026-02-14', '2026-02-24'],
    ['2026-02-27', '2026-02-28'],
    ['2026-09-30', '2026-10-08'],
    ['2026-10-09', '2026-10-10'],
    ['2026-10-10', '2026-10-12'],
    ['2025-12-31', '2026-01-04'],
    ['2026-12-31', '2027-01-01'],
    ['2027-01-01', '2027-01-04'],
  ];
  for (const [from, expected] of rows) {
    it(`after ${from} comes ${expected}`, () => assert.equal(nextWorkingDay(CHINA_CALENDAR, from), expected));
  }
  it('gives up on a calendar without working days', () => {
    const holidays = Array.from({ length: 70 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
    const broken: BusinessCalendar = { version: 'broken', years: { 2026: { official: true, holidays, workdays: [] } } };
    assert.throws(() => nextWorkingDay(broken, '2025-12-31'), /no working day within 60 days after 2025-12-31/);
  });
});

describe('addBusinessDays', () => {
  type Row = { name: string; from: string; n: number; zone?: string; cutoff?: string; dueAt: string; provisional?: boolean };
  const rows: Row[] = [
    { name: 'Monday morning + 1 → Tuesday 17:30', from: '2026-03-02T10:00:00+08:00', n: 1, dueAt: '2026-03-03T09:30:00.000Z' },
    { name: 'just before the cut-off counts today', from: '2026-03-02T17:29:59+08:00', n: 1, dueAt: '2026-03-03T09:30:00.000Z' },
    { name: 'exactly 17:30 counts from tomorrow', from: '2026-03-02T17:30:00+08:00', n: 1, dueAt: '2026-03-04T09:30:00.000Z' },
    { name: 'evening counts from tomorrow', from: '2026-03-02T23:00:00+08:00', n: 1, dueAt: '2026-03-04T09:30:00.000Z' },
    { name: 'early morning counts today', from: '2026-03-02T00:00:00+08:00', n: 1, dueAt: '2026-03-03T09:30:00.000Z' },
    { name: '0 days: end of today', from: '2026-03-02T10:00:00+08:00', n: 0, dueAt: '2026-03-02T09:30:00.000Z' },
    { name: '0 days after the cut-off: end of tomorrow', from: '2026-03-02T18:00:00+08:00', n: 0, dueAt: '2026-03-03T09:30:00.000Z' },
    { name: 'Friday + 1 → Monday', from: '2026-03-06T10:00:00+08:00', n: 1, dueAt: '2026-03-09T09:30:00.000Z' },
    { name: 'Friday evening + 1 → Tuesday', from: '2026-03-06T18:00:00+08:00', n: 1, dueAt: '2026-03-10T09:30:00.000Z' },
    { name: 'Saturday counts from Monday', from: '2026-03-07T10:00:00+08:00', n: 1, dueAt: '2026-03-10T09:30:00.000Z' },
    { name: 'Monday + 3 → Thursday', from: '2026-03-02T09:00:00+08:00', n: 3, dueAt: '2026-03-05T09:30:00.000Z' },
    { name: 'Spring Festival: Friday + 1 → make-up Saturday', from: '2026-02-13T16:00:00+08:00', n: 1, dueAt: '2026-02-14T09:30:00.000Z' },
    { name: 'Spring Festival: Friday + 2 → 24 Feb', from: '2026-02-13T16:00:00+08:00', n: 2, dueAt: '2026-02-24T09:30:00.000Z' },
    { name: 'arrival on make-up Saturday counts that day', from: '2026-02-14T09:00:00+08:00', n: 0, dueAt: '2026-02-14T09:30:00.000Z' },
    { name: 'arrival during Spring Festival counts from 24 Feb', from: '2026-02-16T10:00:00+08:00', n: 1, dueAt: '2026-02-25T09:30:00.000Z' },
    { name: 'National Day: 30 Sep + 1 → 8 Oct', from: '2026-09-30T09:00:00+08:00', n: 1, dueAt: '2026-10-08T09:30:00.000Z' },
    { name: 'National Day: 30 Sep + 3 → make-up Saturday 10 Oct', from: '2026-09-30T09:00:00+08:00', n: 3, dueAt: '2026-10-10T09:30:00.000Z' },
    { name: 'National Day: 30 Sep + 4 → 12 Oct', from: '2026-09-30T09:00:00+08:00', n: 4, dueAt: '2026-10-12T09:30:00.000Z' },
    { name: 'make-up Sunday 20 Sep counts that day', from: '2026-09-20T09:00:00+08:00', n: 0, dueAt: '2026-09-20T09:30:00.000Z' },
    { name: '2025 year end + 1 → make-up Sunday 4 Jan 2026', from: '2025-12-31T10:00:00+08:00', n: 1, dueAt: '2026-01-04T09:30:00.000Z' },
    { name: '2026 year end + 0 stays in 2026', from: '2026-12-31T10:00:00+08:00', n: 0, dueAt: '2026-12-31T09:30:00.000Z' },
    { name: '2026 year end + 1 → 1 Jan 2027, provisional', from: '2026-12-31T10:00:00+08:00', n: 1, dueAt: '2027-01-01T09:30:00.000Z', provisional: true },
    { name: '2026 year end + 2 → 4 Jan 2027, provisional', from: '2026-12-31T10:00:00+08:00', n: 2, dueAt: '2027-01-04T09:30:00.000Z', provisional: true },
    { name: '2026 year end after cut-off + 0 → 2027, provisional', from: '2026-12-31T18:00:00+08:00', n: 0, dueAt: '2027-01-01T09:30:00.000Z', provisional: true },
    { name: 'from a year without data, provisional', from: '2024-12-30T10:00:00+08:00', n: 1, dueAt: '2024-12-31T09:30:00.000Z', provisional: true },
    { name: 'Shanghai: 17:00Z Monday is 01:00 Tuesday', from: '2026-03-02T17:00:00Z', n: 1, dueAt: '2026-03-04T09:30:00.000Z' },
    { name: 'UTC: 17:00Z Monday is before the cut-off', from: '2026-03-02T17:00:00Z', n: 1, zone: 'UTC', dueAt: '2026-03-03T17:30:00.000Z' },
    { name: 'Shanghai: Friday 16:30Z is Saturday', from: '2026-03-06T16:30:00Z', n: 1, dueAt: '2026-03-10T09:30:00.000Z' },
    { name: 'UTC: Friday 16:30Z is Friday', from: '2026-03-06T16:30:00Z', n: 1, zone: 'UTC', dueAt: '2026-03-09T17:30:00.000Z' },
    { name: 'own cut-off 18:00', from: '2026-03-02T17:45:00+08:00', n: 1, cutoff: '18:00', dueAt: '2026-03-03T10:00:00.000Z' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = addBusinessDays(CHINA_CALENDAR, row.from, row.n, {
        timeZone: row.zone ?? SHANGHAI,
        ...(row.cutoff ? { cutoff: row.cutoff } : {}),
      });
      assert.deepEqual(result, {
        dueAt: row.dueAt,
        provisional: row.provisional ?? false,
        calendarVersion: CHINA_CALENDAR.version,
      });
    });
  }

  it('accepts a Date', () => {
    const result = addBusinessDays(CHINA_CALENDAR, new Date('2026-03-02T02:00:00.000Z'), 1, { timeZone: SHANGHAI });
    assert.equal(result.dueAt, '2026-03-03T09:30:00.000Z');
  });

  const errors: Array<[string, () => unknown, RegExp]> = [
    ['negative days', () => addBusinessDays(CHINA_CALENDAR, '2026-03-02T10:00:00Z', -1, { timeZone: SHANGHAI }), /whole number of 0 or more/],
    ['fractional days', () => addBusinessDays(CHINA_CALENDAR, '2026-03-02T10:00:00Z', 1.5, { timeZone: SHANGHAI }), /whole number of 0 or more/],
    ['unknown zone', () => addBusinessDays(CHINA_CALENDAR, '2026-03-02T10:00:00Z', 1, { timeZone: 'America/New_York' }), /Unsupported company time zone/],
    ['bad cut-off', () => addBusinessDays(CHINA_CALENDAR, '2026-03-02T10:00:00Z', 1, { timeZone: SHANGHAI, cutoff: '25:00' }), /Invalid clock time/],
    ['instant without offset', () => addBusinessDays(CHINA_CALENDAR, '2026-03-02T10:00:00', 1, { timeZone: SHANGHAI }), /Invalid instant/],
  ];
  for (const [name, call, message] of errors) {
    it(`refuses ${name}`, () => assert.throws(call, message));
  }
});

describe('assertValidCalendar', () => {
  it('accepts the China calendar', () => assertValidCalendar(CHINA_CALENDAR));

  const year = (holidays: string[], workdays: string[]) => ({ version: 'x', years: { 2026: { official: true, holidays, workdays } } });
  const rows: Array<[string, BusinessCalendar, RegExp]> = [
    ['no version', { version: ' ', years: {} }, /no version/],
    ['a make-up day on a weekday', year([], ['2026-03-02']), /2026-03-02 is not a Saturday or Sunday/],
    ['a day both off and on', year(['2026-02-14'], ['2026-02-14']), /both a holiday and a working day/],
    ['a date under the wrong year', year(['2025-10-01'], []), /2025-10-01 is listed under year 2026/],
    ['an impossible date', year(['2026-02-30'], []), /Invalid local date "2026-02-30"/],
  ];
  for (const [name, calendar, message] of rows) {
    it(`refuses ${name}`, () => assert.throws(() => assertValidCalendar(calendar), message));
  }
});
