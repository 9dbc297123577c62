import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCalendarFile } from '../../src/calendar/calendar-file.js';
import { calendarVersion, EMPTY_CALENDAR_VERSION } from '../../src/calendar/calendar-store.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';

describe('calendar files for npm run calendar:load and BUSINESS_CALENDAR_FILE', () => {
  it('reads one year, its dates sorted and without repeats', () => {
    const years = parseCalendarFile(
      JSON.stringify({ year: 2027, official: true, holidays: ['2027-02-08', '2027-01-01', '2027-01-01'], workdays: ['2027-02-20'], source: '国务院办公厅 2027 notice' }),
    );
    assert.deepEqual(years, [
      { year: 2027, official: true, holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-20'], source: '国务院办公厅 2027 notice' },
    ]);
  });

  it('reads a whole calendar, in year order', () => {
    const years = parseCalendarFile(JSON.stringify({ version: 'x', years: { 2028: { official: false, holidays: [], workdays: [] }, 2027: { official: true, holidays: ['2027-01-01'], workdays: [] } } }));
    assert.deepEqual(years.map((y) => [y.year, y.official]), [[2027, true], [2028, false]]);
  });

  it('reads the built-in mainland China calendar written out as a file', () => {
    const years = parseCalendarFile(JSON.stringify(CHINA_CALENDAR));
    assert.deepEqual(years.map((y) => y.year), [2025, 2026]);
    assert.deepEqual(years[1]!.workdays, [...CHINA_CALENDAR.years[2026]!.workdays].sort());
  });

  const invalid: [string, unknown, RegExp][] = [
    ['text that is not JSON', '{', /not JSON/],
    ['a list', [], /must be a JSON object/],
    ['neither year nor years', { version: 'x' }, /must have "year"/],
    ['a year that is not a number', { year: '2027', official: true, holidays: [], workdays: [] }, /year must be a number/],
    ['a date outside the year', { year: 2027, official: true, holidays: ['2026-12-31'], workdays: [] }, /2026-12-31 is listed under year 2027/],
    ['an impossible date', { year: 2027, official: true, holidays: ['2027-02-30'], workdays: [] }, /2027-02-30/],
    ['a make-up day on a Wednesday', { year: 2027, official: true, holidays: [], workdays: ['2027-01-06'] }, /2027-01-06 is not a Saturday or Sunday/],
    ['a day both off and on', { year: 2027, official: true, holidays: ['2027-01-09'], workdays: ['2027-01-09'] }, /both a holiday and a working day/],
    ['official missing', { year: 2027, holidays: [], workdays: [] }, /official must be true or false/],
    ['holidays that are not a list', { year: 2027, official: true, holidays: '2027-01-01', workdays: [] }, /holidays must be a list/],
    ['an unknown field', { year: 2027, official: true, holidays: [], workdays: [], weekends: [] }, /unknown field weekends/],
    ['a key of years that is not a year', { version: 'x', years: { next: { official: true, holidays: [], workdays: [] } } }, /"next" is not a year/],
    ['no years', { version: 'x', years: {} }, /years is empty/],
  ];
  for (const [what, document, message] of invalid) {
    it(`refuses ${what}, naming it`, () => {
      assert.throws(() => parseCalendarFile(typeof document === 'string' ? document : JSON.stringify(document)), message);
    });
  }
});

describe('the calendar version', () => {
  const at = (iso: string) => new Date(iso);
  it('names the latest load and the years, and stays the same for the same rows', () => {
    const rows = [{ year: 2026, loadedAt: at('2026-11-23T16:00:00.000Z') }, { year: 2025, loadedAt: at('2026-11-23T15:00:00.000Z') }];
    assert.equal(calendarVersion(rows), 'cal-20261123160000000-2025.2026');
    assert.equal(calendarVersion([...rows].reverse()), calendarVersion(rows));
  });
  it('changes when a year is loaded again or added', () => {
    const rows = [{ year: 2025, loadedAt: at('2026-11-23T15:00:00.000Z') }];
    assert.notEqual(calendarVersion([{ year: 2025, loadedAt: at('2026-11-23T15:00:00.001Z') }]), calendarVersion(rows));
    assert.notEqual(calendarVersion([...rows, { year: 2027, loadedAt: at('2026-11-23T15:00:00.000Z') }]), calendarVersion(rows));
  });
  it('has a version with no year loaded', () => assert.equal(calendarVersion([]), EMPTY_CALENDAR_VERSION));
});
