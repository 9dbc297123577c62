import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../workflows/domain/business-calendar.js';
import { followingCallWindowStart, isWithinCallWindow, nextCallWindowStart, parseCallWindows } from '../../../workflows/domain/call-windows.js';

const SHANGHAI = 'Asia/Shanghai';

describe('nextCallWindowStart', () => {
  type Row = { name: string; at: string; zone?: string; expected: string };
  const rows: Row[] = [
    { name: '10:00 is inside', at: '2026-03-02T10:00:00+08:00', expected: '2026-03-02T02:00:00.000Z' },
    { name: 'a moment before 10:00 waits for 10:00', at: '2026-03-02T09:59:59.999+08:00', expected: '2026-03-02T02:00:00.000Z' },
    { name: 'midnight waits for 10:00', at: '2026-03-02T00:00:00+08:00', expected: '2026-03-02T02:00:00.000Z' },
    { name: 'inside the morning window stays', at: '2026-03-02T10:47:13+08:00', expected: '2026-03-02T02:47:13.000Z' },
    { name: '11:29:59 is inside', at: '2026-03-02T11:29:59+08:00', expected: '2026-03-02T03:29:59.000Z' },
    { name: 'exactly 11:30 is outside → 15:00', at: '2026-03-02T11:30:00+08:00', expected: '2026-03-02T07:00:00.000Z' },
    { name: 'lunchtime → 15:00', at: '2026-03-02T12:30:00+08:00', expected: '2026-03-02T07:00:00.000Z' },
    { name: '15:00 is inside', at: '2026-03-02T15:00:00+08:00', expected: '2026-03-02T07:00:00.000Z' },
    { name: '17:29 is inside', at: '2026-03-02T17:29:00+08:00', expected: '2026-03-02T09:29:00.000Z' },
    { name: 'exactly 17:30 → next working day 10:00', at: '2026-03-02T17:30:00+08:00', expected: '2026-03-03T02:00:00.000Z' },
    { name: 'evening → next working day 10:00', at: '2026-03-02T20:00:00+08:00', expected: '2026-03-03T02:00:00.000Z' },
    { name: 'Friday evening → Monday 10:00', at: '2026-03-06T17:30:00+08:00', expected: '2026-03-09T02:00:00.000Z' },
    { name: 'Saturday inside the hours → Monday 10:00', at: '2026-03-07T10:30:00+08:00', expected: '2026-03-09T02:00:00.000Z' },
    { name: 'Sunday afternoon → Monday 10:00', at: '2026-03-08T15:30:00+08:00', expected: '2026-03-09T02:00:00.000Z' },
    { name: 'make-up Saturday 14 Feb is callable', at: '2026-02-14T10:30:00+08:00', expected: '2026-02-14T02:30:00.000Z' },
    { name: 'make-up Saturday evening → after Spring Festival', at: '2026-02-14T18:00:00+08:00', expected: '2026-02-24T02:00:00.000Z' },
    { name: 'Spring Festival Monday 16 Feb → 24 Feb 10:00', at: '2026-02-16T10:30:00+08:00', expected: '2026-02-24T02:00:00.000Z' },
    { name: 'National Day → 8 Oct 10:00', at: '2026-10-01T10:00:00+08:00', expected: '2026-10-08T02:00:00.000Z' },
    { name: 'make-up Sunday 20 Sep afternoon is callable', at: '2026-09-20T16:00:00+08:00', expected: '2026-09-20T08:00:00.000Z' },
    { name: 'New Year 2026 → make-up Sunday 4 Jan', at: '2026-01-01T10:00:00+08:00', expected: '2026-01-04T02:00:00.000Z' },
    { name: 'year end evening → 1 Jan 2027 (weekdays only)', at: '2026-12-31T17:30:00+08:00', expected: '2027-01-01T02:00:00.000Z' },
    { name: 'Shanghai: 17:00Z Monday is 01:00 Tuesday', at: '2026-03-02T17:00:00Z', expected: '2026-03-03T02:00:00.000Z' },
    { name: 'UTC: 17:00Z Monday is inside the afternoon window', at: '2026-03-02T17:00:00Z', zone: 'UTC', expected: '2026-03-02T17:00:00.000Z' },
    { name: 'Shanghai: 02:30Z Monday is 10:30, inside', at: '2026-03-02T02:30:00Z', expected: '2026-03-02T02:30:00.000Z' },
    { name: 'UTC: 02:30Z Monday waits for 10:00Z', at: '2026-03-02T02:30:00Z', zone: 'UTC', expected: '2026-03-02T10:00:00.000Z' },
    { name: 'Shanghai: Sunday 20:00Z is Monday 04:00', at: '2026-03-01T20:00:00Z', expected: '2026-03-02T02:00:00.000Z' },
    { name: 'UTC: Sunday 20:00Z → Monday 10:00Z', at: '2026-03-01T20:00:00Z', zone: 'UTC', expected: '2026-03-02T10:00:00.000Z' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const zone = row.zone ?? SHANGHAI;
      assert.equal(nextCallWindowStart(CHINA_CALENDAR, row.at, zone), row.expected);
      assert.equal(isWithinCallWindow(CHINA_CALENDAR, row.at, zone), new Date(row.at).getTime() === Date.parse(row.expected));
    });
  }

  it('returns an ISO string for a Date', () => {
    assert.equal(nextCallWindowStart(CHINA_CALENDAR, new Date('2026-03-02T02:15:00Z'), SHANGHAI), '2026-03-02T02:15:00.000Z');
  });
  it('refuses an unknown zone', () => {
    assert.throws(() => nextCallWindowStart(CHINA_CALENDAR, '2026-03-02T02:15:00Z', 'Asia/Tokyo'), /Unsupported company time zone/);
  });
});

describe('followingCallWindowStart: where an unanswered call is tried again', () => {
  const rows: [string, string, string][] = [
    ['a morning call → the same afternoon', '2026-03-02T10:20:00+08:00', '2026-03-02T07:00:00.000Z'],
    ['the last minute of the morning → the same afternoon', '2026-03-02T11:29:00+08:00', '2026-03-02T07:00:00.000Z'],
    ['an afternoon call → the next working morning', '2026-03-02T15:10:00+08:00', '2026-03-03T02:00:00.000Z'],
    ['Friday afternoon → Monday morning', '2026-03-06T16:00:00+08:00', '2026-03-09T02:00:00.000Z'],
    ['the make-up Saturday before Spring Festival → after the holiday', '2026-02-14T16:00:00+08:00', '2026-02-24T02:00:00.000Z'],
    ['before the day\'s first window → that window', '2026-03-02T08:00:00+08:00', '2026-03-02T02:00:00.000Z'],
    ['the eve of National Day → 8 October', '2026-09-30T15:30:00+08:00', '2026-10-08T02:00:00.000Z'],
  ];
  for (const [name, at, expected] of rows) {
    it(name, () => assert.equal(followingCallWindowStart(CHINA_CALENDAR, at, SHANGHAI), expected));
  }
});

describe('call windows as configuration', () => {
  it('reads the company\'s windows', () => {
    assert.deepEqual(parseCallWindows('10:00-11:30, 15:00-17:30'), [
      { start: '10:00', end: '11:30' },
      { start: '15:00', end: '17:30' },
    ]);
  });
  const bad: [string, RegExp][] = [
    ['10:00', /not a call window/],
    ['11:30-10:00', /ends before it starts/],
    ['10:00-12:00,11:00-13:00', /not overlap/],
    ['15:00-16:00,10:00-11:00', /order of the day/],
    ['25:00-26:00', /Invalid clock time/],
  ];
  for (const [text, message] of bad) it(`refuses ${text}`, () => assert.throws(() => parseCallWindows(text), message));

  it('places due times in other windows when given', () => {
    const evening = parseCallWindows('19:00-21:00');
    assert.equal(nextCallWindowStart(CHINA_CALENDAR, '2026-03-02T10:30:00+08:00', SHANGHAI, evening), '2026-03-02T11:00:00.000Z');
    assert.equal(followingCallWindowStart(CHINA_CALENDAR, '2026-03-02T19:30:00+08:00', SHANGHAI, evening), '2026-03-03T11:00:00.000Z');
    assert.equal(isWithinCallWindow(CHINA_CALENDAR, '2026-03-02T20:00:00+08:00', SHANGHAI, evening), true);
  });
});
