import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type BusinessCalendar, CHINA_CALENDAR } from '../../../workflows/domain/business-calendar.js';
import { type PlannedCallback, planCallbacks, recheckDueAt } from '../../../workflows/domain/due-times.js';

const SHANGHAI = 'Asia/Shanghai';

const plan = (deliveredOn: string, now: string, extra: { warrantyMonths?: number; timeZone?: string } = {}) =>
  planCallbacks({ deliveredOn, now, calendar: CHINA_CALENDAR, timeZone: extra.timeZone ?? SHANGHAI, ...(extra.warrantyMonths ? { warrantyMonths: extra.warrantyMonths } : {}) });

const cb = (kind: PlannedCallback['kind'], nominalDate: string, dueAt: string, late = false): PlannedCallback => ({ kind, nominalDate, dueAt, late });

describe('planCallbacks', () => {
  type Row = { name: string; deliveredOn: string; now: string; warrantyMonths?: number; timeZone?: string; expected: PlannedCallback[] };
  const rows: Row[] = [
    {
      name: 'delivered 31 Jan 2026: 30 days crosses a short February; 3 months clamps to 30 Apr; warranty ends on a Sunday',
      deliveredOn: '2026-01-31',
      now: '2026-01-31T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2026-03-02', '2026-03-02T02:00:00.000Z'),
        cb('second_3_months', '2026-04-30', '2026-04-30T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-31', '2027-02-01T02:00:00.000Z'),
      ],
    },
    {
      name: 'delivered 30 Nov 2025: 3 months is 28 Feb 2026, a make-up Saturday',
      deliveredOn: '2025-11-30',
      now: '2025-11-30T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2025-12-30', '2025-12-30T02:00:00.000Z'),
        cb('second_3_months', '2026-02-28', '2026-02-28T02:00:00.000Z'),
        cb('warranty_expiry', '2026-11-30', '2026-11-30T02:00:00.000Z'),
      ],
    },
    {
      name: 'delivered 30 Nov 2027: 3 months is 29 Feb 2028 (leap year)',
      deliveredOn: '2027-11-30',
      now: '2027-11-30T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2027-12-30', '2027-12-30T02:00:00.000Z'),
        cb('second_3_months', '2028-02-29', '2028-02-29T02:00:00.000Z'),
        cb('warranty_expiry', '2028-11-30', '2028-11-30T02:00:00.000Z'),
      ],
    },
    {
      name: 'delivered 31 Jan 2028 with a 1-month warranty: warranty ends 29 Feb 2028',
      deliveredOn: '2028-01-31',
      now: '2028-01-31T12:00:00+08:00',
      warrantyMonths: 1,
      expected: [
        cb('first_30_days', '2028-03-01', '2028-03-01T02:00:00.000Z'),
        cb('second_3_months', '2028-04-30', '2028-05-01T02:00:00.000Z'),
        cb('warranty_expiry', '2028-02-29', '2028-02-29T02:00:00.000Z'),
      ],
    },
    {
      name: 'delivered 29 Feb 2028: the warranty year ends 28 Feb 2029',
      deliveredOn: '2028-02-29',
      now: '2028-02-29T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2028-03-30', '2028-03-30T02:00:00.000Z'),
        cb('second_3_months', '2028-05-29', '2028-05-29T02:00:00.000Z'),
        cb('warranty_expiry', '2029-02-28', '2029-02-28T02:00:00.000Z'),
      ],
    },
    {
      name: 'a 24-month warranty',
      deliveredOn: '2026-03-31',
      now: '2026-03-31T12:00:00+08:00',
      warrantyMonths: 24,
      expected: [
        cb('first_30_days', '2026-04-30', '2026-04-30T02:00:00.000Z'),
        cb('second_3_months', '2026-06-30', '2026-06-30T02:00:00.000Z'),
        cb('warranty_expiry', '2028-03-31', '2028-03-31T02:00:00.000Z'),
      ],
    },
    {
      name: '30 days lands in the 2026 Spring Festival → 24 Feb',
      deliveredOn: '2026-01-16',
      now: '2026-01-16T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2026-02-15', '2026-02-24T02:00:00.000Z'),
        cb('second_3_months', '2026-04-16', '2026-04-16T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-16', '2027-01-18T02:00:00.000Z'),
      ],
    },
    {
      name: '30 days lands on National Day 2026 → 8 Oct; 3 months on a Tuesday',
      deliveredOn: '2026-09-01',
      now: '2026-09-01T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2026-10-01', '2026-10-08T02:00:00.000Z'),
        cb('second_3_months', '2026-12-01', '2026-12-01T02:00:00.000Z'),
        cb('warranty_expiry', '2027-09-01', '2027-09-01T02:00:00.000Z'),
      ],
    },
    {
      name: 'weekend and New Year: 3 months is Saturday 3 Jan 2026 → make-up Sunday 4 Jan',
      deliveredOn: '2025-10-03',
      now: '2025-10-03T12:00:00+08:00',
      expected: [
        cb('first_30_days', '2025-11-02', '2025-11-03T02:00:00.000Z'),
        cb('second_3_months', '2026-01-03', '2026-01-04T02:00:00.000Z'),
        cb('warranty_expiry', '2026-10-03', '2026-10-08T02:00:00.000Z'),
      ],
    },
    {
      name: 'company time zone UTC: 10:00 UTC',
      deliveredOn: '2026-01-31',
      now: '2026-01-31T12:00:00Z',
      timeZone: 'UTC',
      expected: [
        cb('first_30_days', '2026-03-02', '2026-03-02T10:00:00.000Z'),
        cb('second_3_months', '2026-04-30', '2026-04-30T10:00:00.000Z'),
        cb('warranty_expiry', '2027-01-31', '2027-02-01T10:00:00.000Z'),
      ],
    },
    {
      name: 'late import: the first callback is due at the next window from now, the rest as planned',
      deliveredOn: '2026-01-02',
      now: '2026-02-10T14:00:00+08:00',
      expected: [
        cb('first_30_days', '2026-02-01', '2026-02-10T07:00:00.000Z', true),
        cb('second_3_months', '2026-04-02', '2026-04-02T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-02', '2027-01-04T02:00:00.000Z'),
      ],
    },
    {
      name: 'late import inside a window: due right now',
      deliveredOn: '2026-01-02',
      now: '2026-02-10T10:15:00+08:00',
      expected: [
        cb('first_30_days', '2026-02-01', '2026-02-10T02:15:00.000Z', true),
        cb('second_3_months', '2026-04-02', '2026-04-02T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-02', '2027-01-04T02:00:00.000Z'),
      ],
    },
    {
      name: 'late import of an old sale: all three due at the next window, on a working day',
      deliveredOn: '2025-01-15',
      now: '2026-02-13T20:00:00+08:00',
      expected: [
        cb('first_30_days', '2025-02-14', '2026-02-14T02:00:00.000Z', true),
        cb('second_3_months', '2025-04-15', '2026-02-14T02:00:00.000Z', true),
        cb('warranty_expiry', '2026-01-15', '2026-02-14T02:00:00.000Z', true),
      ],
    },
    {
      name: 'now exactly at the due time is not late',
      deliveredOn: '2026-01-31',
      now: '2026-03-02T10:00:00+08:00',
      expected: [
        cb('first_30_days', '2026-03-02', '2026-03-02T02:00:00.000Z'),
        cb('second_3_months', '2026-04-30', '2026-04-30T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-31', '2027-02-01T02:00:00.000Z'),
      ],
    },
    {
      name: 'a moment after the due time is late and stays in the window',
      deliveredOn: '2026-01-31',
      now: '2026-03-02T10:00:01+08:00',
      expected: [
        cb('first_30_days', '2026-03-02', '2026-03-02T02:00:01.000Z', true),
        cb('second_3_months', '2026-04-30', '2026-04-30T02:00:00.000Z'),
        cb('warranty_expiry', '2027-01-31', '2027-02-01T02:00:00.000Z'),
      ],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.deepEqual(plan(row.deliveredOn, row.now, { warrantyMonths: row.warrantyMonths, timeZone: row.timeZone }), row.expected);
    });
  }

  it('defaults the warranty to 12 months', () => {
    assert.equal(plan('2026-03-02', '2026-03-02T12:00:00+08:00')[2]?.nominalDate, '2027-03-02');
  });

  const errors: Array<[string, () => unknown, RegExp]> = [
    ['a warranty of 0 months', () => planCallbacks({ deliveredOn: '2026-03-02', warrantyMonths: 0, now: '2026-03-02T00:00:00Z', calendar: CHINA_CALENDAR, timeZone: SHANGHAI }), /Warranty length/],
    ['a fractional warranty', () => planCallbacks({ deliveredOn: '2026-03-02', warrantyMonths: 1.5, now: '2026-03-02T00:00:00Z', calendar: CHINA_CALENDAR, timeZone: SHANGHAI }), /Warranty length/],
    ['an impossible delivery date', () => plan('2026-02-29', '2026-03-02T00:00:00Z'), /Invalid local date "2026-02-29"/],
    ['a delivery timestamp instead of a date', () => plan('2026-03-02T10:00:00Z', '2026-03-02T00:00:00Z'), /Invalid local date/],
    ['now without an offset', () => plan('2026-03-02', '2026-03-02T00:00:00'), /Invalid instant/],
    ['an unknown zone', () => plan('2026-03-02', '2026-03-02T00:00:00Z', { timeZone: 'Asia/Kolkata' }), /Unsupported company time zone/],
  ];
  for (const [name, call, message] of errors) {
    it(`refuses ${name}`, () => assert.throws(call, message));
  }
});

describe('recheckDueAt', () => {
  // 2027's official calendar, published after the callback was planned on weekdays only.
  const CALENDAR_2027: BusinessCalendar = {
    version: 'CN-2025-2027.1',
    years: { ...CHINA_CALENDAR.years, 2027: { official: true, holidays: ['2027-02-01', '2027-02-02'], workdays: ['2027-01-31'] } },
  };
  const rows: Array<[string, BusinessCalendar, string, string]> = [
    ['still valid: unchanged', CHINA_CALENDAR, '2027-02-01T02:00:00.000Z', '2027-02-01T02:00:00.000Z'],
    ['now a holiday: next window on a working day', CALENDAR_2027, '2027-02-01T02:00:00.000Z', '2027-02-03T02:00:00.000Z'],
    ['a late due time inside a window: unchanged', CALENDAR_2027, '2027-02-03T02:47:00.000Z', '2027-02-03T02:47:00.000Z'],
    ['a due time at 11:30: moves to 15:00', CHINA_CALENDAR, '2026-03-02T03:30:00.000Z', '2026-03-02T07:00:00.000Z'],
    ['a Sunday made a working day: callable', CALENDAR_2027, '2027-01-31T02:00:00.000Z', '2027-01-31T02:00:00.000Z'],
  ];
  for (const [name, calendar, dueAt, expected] of rows) {
    it(name, () => assert.equal(recheckDueAt(calendar, dueAt, SHANGHAI), expected));
  }
});
