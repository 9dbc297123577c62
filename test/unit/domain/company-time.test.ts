import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCalendarMonths,
  addDays,
  atCompanyTime,
  dayOfWeek,
  formatCompanyTime,
  minutesOfClockTime,
  parseInstant,
  toCompanyTime,
  utcOffsetMinutes,
} from '../../../workflows/domain/company-time.js';

describe('parseInstant', () => {
  const valid: Array<[string, string]> = [
    ['2026-03-02T10:00:00+08:00', '2026-03-02T02:00:00.000Z'],
    ['2026-03-02T01:00:00+08:00', '2026-03-01T17:00:00.000Z'],
    ['2026-03-02T10:00Z', '2026-03-02T10:00:00.000Z'],
    ['2026-03-02T10:00:00.5Z', '2026-03-02T10:00:00.500Z'],
    ['2026-03-02T10:00:00.123456Z', '2026-03-02T10:00:00.123Z'],
    ['2026-03-02T10:00:00-05:30', '2026-03-02T15:30:00.000Z'],
    ['2028-02-29T23:59:59Z', '2028-02-29T23:59:59.000Z'],
  ];
  for (const [input, expected] of valid) {
    it(`reads ${input}`, () => assert.equal(parseInstant(input).toISOString(), expected));
  }

  const invalid = [
    '2026-03-02T10:00:00', // no offset: would depend on the host's zone
    '2026-03-02',
    '2026-02-30T10:00:00Z',
    '2027-02-29T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T10:60:00Z',
    '0026-03-02T10:00:00Z',
    'yesterday',
  ];
  for (const input of invalid) {
    it(`rejects ${input}`, () => assert.throws(() => parseInstant(input), /Invalid instant/));
  }

  it('accepts a Date and rejects an invalid one', () => {
    assert.equal(parseInstant(new Date(Date.UTC(2026, 2, 2))).toISOString(), '2026-03-02T00:00:00.000Z');
    assert.throws(() => parseInstant(new Date(Number.NaN)), /invalid Date/);
  });
});

describe('time zones', () => {
  it('knows Asia/Shanghai (UTC+8, no DST) and UTC', () => {
    assert.equal(utcOffsetMinutes('Asia/Shanghai'), 480);
    assert.equal(utcOffsetMinutes('UTC'), 0);
  });
  it('refuses an unknown zone with a clear message', () => {
    assert.throws(() => utcOffsetMinutes('Europe/Berlin'), /Unsupported company time zone "Europe\/Berlin"; supported: Asia\/Shanghai/);
  });

  const rows: Array<[string, string, string, number]> = [
    // instant, zone, local date, local minutes after midnight
    ['2026-03-02T17:00:00Z', 'Asia/Shanghai', '2026-03-03', 60],
    ['2026-03-02T17:00:00Z', 'UTC', '2026-03-02', 17 * 60],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01', 0],
    ['2026-12-31T15:59:00Z', 'Asia/Shanghai', '2026-12-31', 23 * 60 + 59],
    ['2028-02-28T16:30:00Z', 'Asia/Shanghai', '2028-02-29', 30],
  ];
  for (const [instant, zone, date, minutes] of rows) {
    it(`${instant} is ${date} +${minutes} min in ${zone}`, () => {
      assert.deepEqual(toCompanyTime(instant, zone), { date, msOfDay: minutes * 60_000 });
      assert.equal(atCompanyTime(date, minutes, zone).toISOString(), parseInstant(instant).toISOString());
    });
  }
});

describe('calendar arithmetic', () => {
  const months: Array<[string, number, string]> = [
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 3, '2026-11-30'],
    ['2026-10-31', 3, '2027-01-31'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-15', 24, '2028-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
  ];
  for (const [from, n, expected] of months) {
    it(`${from} + ${n} months = ${expected}`, () => assert.equal(addCalendarMonths(from, n), expected));
  }

  const days: Array<[string, number, string]> = [
    ['2026-01-31', 30, '2026-03-02'],
    ['2028-01-31', 30, '2028-03-01'],
    ['2026-12-15', 30, '2027-01-14'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ];
  for (const [from, n, expected] of days) {
    it(`${from} + ${n} days = ${expected}`, () => assert.equal(addDays(from, n), expected));
  }

  it('names weekdays (0 = Sunday)', () => {
    assert.equal(dayOfWeek('2026-02-14'), 6);
    assert.equal(dayOfWeek('2026-02-16'), 1);
    assert.equal(dayOfWeek('2028-02-29'), 2);
  });

  for (const bad of ['2026-02-29', '2026-2-1', '20260201', '2026-00-10']) {
    it(`rejects the local date ${bad}`, () => assert.throws(() => addDays(bad, 1), /Invalid local date/));
  }
  it('rejects fractional months', () => assert.throws(() => addCalendarMonths('2026-01-01', 1.5), /whole number/));

  it('reads clock times', () => {
    assert.equal(minutesOfClockTime('17:30'), 1050);
    assert.throws(() => minutesOfClockTime('24:00'), /Invalid clock time/);
    assert.throws(() => minutesOfClockTime('9:30'), /Invalid clock time/);
  });
});

describe('formatCompanyTime', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-12-03T02:00:00.000Z', 'Asia/Shanghai', '2026-12-03 10:00 +08:00'],
    ['2026-12-02T17:30:59.999Z', 'Asia/Shanghai', '2026-12-03 01:30 +08:00'],
    ['2026-12-03T02:00:00.000Z', 'UTC', '2026-12-03 02:00 +00:00'],
  ];
  for (const [instant, zone, expected] of cases) {
    it(`writes ${instant} in ${zone} as ${expected}`, () => assert.equal(formatCompanyTime(instant, zone), expected));
  }
});
