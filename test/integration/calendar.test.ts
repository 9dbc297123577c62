import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createFollowUpSettingsActivities } from '../../activities/follow-up-settings-activities.js';
import { BusinessCalendarYear } from '../../src/calendar/business-calendar-year.entity.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { addDays, dayOfWeek } from '../../workflows/domain/company-time.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { ADMINISTRATOR, AGENT, bearer } from '../support/tokens.js';

/** The first date of `year` on `weekday` (0 = Sunday … 6 = Saturday). */
function firstOf(year: number, weekday: number): string {
  let date = `${year}-01-01`;
  while (dayOfWeek(date) !== weekday) date = addDays(date, 1);
  return date;
}

// Other test files and later runs share the table: the years loaded here are far ahead, chosen per run, and deleted.
describe('the business calendar in the database (GET /calendar, PUT /calendar/years/:year, GET /calendar/business-days)', () => {
  const year = 2091 + Math.floor(Math.random() * 8);
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;

  const request = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(method === 'PUT' ? ADMINISTRATOR : AGENT) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const businessDays = async (from: string, days: number) => {
    const { status, body } = await request('GET', `/calendar/business-days?from=${encodeURIComponent(from)}&days=${days}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body as { dueAt: string; provisional: boolean; calendarVersion: string };
  };
  const fieldsOf = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field).sort();

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    await orm.em.fork().nativeDelete(BusinessCalendarYear, { year: { $in: [year, year + 1] } });
  });
  after(async () => {
    await orm?.em.fork().nativeDelete(BusinessCalendarYear, { year: { $in: [year, year + 1] } });
    await app?.close();
    await orm?.close();
  });

  it('holds mainland China 2025 and 2026 as official years, with a version', async () => {
    const { status, body } = await request('GET', '/calendar');
    assert.equal(status, 200);
    assert.match(body.version, /^cal-\d{17}-/);
    for (const seeded of [2025, 2026]) {
      const stored = body.years.find((y: { year: number }) => y.year === seeded);
      assert.ok(stored, `${seeded} is loaded`);
      assert.equal(stored.official, true);
      assert.deepEqual(stored.holidays, [...CHINA_CALENDAR.years[seeded]!.holidays].sort());
      assert.deepEqual(stored.workdays, [...CHINA_CALENDAR.years[seeded]!.workdays].sort());
      assert.ok(!Number.isNaN(Date.parse(stored.loadedAt)));
    }
  });

  it('counts business days across Spring Festival 2026, make-up Saturday included', async () => {
    const oneDay = await businessDays('2026-02-13T10:00:00+08:00', 1);
    assert.equal(oneDay.dueAt, '2026-02-14T09:30:00.000Z', '14 Feb 2026 is a make-up Saturday, 17:30 +08:00');
    assert.equal(oneDay.provisional, false);
    assert.match(oneDay.calendarVersion, /^cal-/);
    const twoDays = await businessDays('2026-02-13T10:00:00+08:00', 2);
    assert.equal(twoDays.dueAt, '2026-02-24T09:30:00.000Z', '15–23 Feb are the Spring Festival holiday');
    assert.equal(twoDays.provisional, false);
  });

  it('marks a deadline in a year that is not loaded as provisional, counting weekends only', async () => {
    const deadline = await businessDays(`${year}-01-01T10:00:00+08:00`, 0);
    assert.equal(deadline.provisional, true);
    const firstWorkday = dayOfWeek(`${year}-01-01`) === 6 ? `${year}-01-03` : dayOfWeek(`${year}-01-01`) === 0 ? `${year}-01-02` : `${year}-01-01`;
    assert.equal(deadline.dueAt, `${firstWorkday}T09:30:00.000Z`);
  });

  it('loads a year through the API: stored, no longer provisional, a new version; the same year again changes nothing', async () => {
    const before = (await request('GET', '/calendar')).body.version;
    const holiday = addDays(firstOf(year, 3), 7);
    // The second Saturday: the first may be 1 January, a holiday here.
    const makeUpSaturday = addDays(firstOf(year, 6), 7);
    const put = await request('PUT', `/calendar/years/${year}`, {
      official: true,
      holidays: [`${year}-01-01`, holiday],
      workdays: [makeUpSaturday],
      source: `test notice ${year}`,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.changed, true);
    assert.deepEqual(
      { ...put.body.year, loadedAt: undefined },
      { year, official: true, holidays: [`${year}-01-01`, holiday].sort(), workdays: [makeUpSaturday], source: `test notice ${year}`, loadedAt: undefined },
    );
    assert.notEqual(put.body.version, before);
    assert.match(put.body.version, new RegExp(`\\b${year}\\b`));

    const calendar = (await request('GET', '/calendar')).body;
    assert.equal(calendar.version, put.body.version);
    assert.equal(calendar.years.find((y: { year: number }) => y.year === year).official, true);

    // The make-up Saturday is a working day now; the count is no longer provisional and names the version.
    const deadline = await businessDays(`${makeUpSaturday}T10:00:00+08:00`, 0);
    assert.deepEqual(deadline, { dueAt: `${makeUpSaturday}T09:30:00.000Z`, provisional: false, calendarVersion: put.body.version });
    const overHoliday = await businessDays(`${addDays(holiday, -1)}T10:00:00+08:00`, 1);
    assert.equal(overHoliday.dueAt, `${addDays(holiday, 1)}T09:30:00.000Z`, `${holiday} is a holiday`);

    // The worker's activity reads the table on each call: the edit is there without a restart.
    const settings = await createFollowUpSettingsActivities({ orm, timeZone: 'Asia/Shanghai', callWindows: [], calendarCacheMs: 0 }).followUpSettings();
    assert.equal(settings.calendar.version, put.body.version);
    assert.deepEqual(settings.calendar.years[year]?.workdays, [makeUpSaturday]);

    const again = await request('PUT', `/calendar/years/${year}`, {
      official: true,
      holidays: [holiday, `${year}-01-01`],
      workdays: [makeUpSaturday],
      source: `test notice ${year}`,
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.changed, false);
    assert.equal(again.body.version, put.body.version);

    // A draft of the next year: stored, but still provisional.
    const draft = await request('PUT', `/calendar/years/${year + 1}`, { official: false, holidays: [], workdays: [] });
    assert.equal(draft.status, 200);
    assert.equal(draft.body.year.source, 'api');
    assert.notEqual(draft.body.version, put.body.version);
    assert.equal((await businessDays(`${year + 1}-03-01T10:00:00+08:00`, 1)).provisional, true);
  });

  const wednesday = (y: number) => firstOf(y, 3);
  const saturday = (y: number) => firstOf(y, 6);
  const bad: [string, (y: number) => unknown, string[]][] = [
    ['a holiday outside the year', (y) => ({ official: true, holidays: [`${y - 1}-12-31`], workdays: [] }), ['holidays']],
    ['a make-up day outside the year', (y) => ({ official: true, holidays: [], workdays: [saturday(y + 1)] }), ['workdays']],
    ['a make-up day on a Wednesday', (y) => ({ official: true, holidays: [], workdays: [wednesday(y)] }), ['workdays']],
    ['a day both holiday and make-up day', (y) => ({ official: true, holidays: [saturday(y)], workdays: [saturday(y)] }), ['workdays']],
    ['an impossible date', (y) => ({ official: true, holidays: [`${y}-02-30`], workdays: [] }), ['holidays']],
    ['a timestamp instead of a date', (y) => ({ official: true, holidays: [`${y}-01-01T00:00:00Z`], workdays: [] }), ['holidays']],
    ['official missing', () => ({ holidays: [], workdays: [] }), ['official']],
    ['holidays that are not a list', (y) => ({ official: true, holidays: `${y}-01-01`, workdays: [] }), ['holidays']],
    ['an unknown field', () => ({ official: true, holidays: [], workdays: [], weekends: [] }), ['weekends']],
  ];
  for (const [what, body, fields] of bad) {
    it(`answers 400 naming the field for ${what}, and stores nothing`, async () => {
      const y = year + 2;
      const res = await request('PUT', `/calendar/years/${y}`, body(y));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.deepEqual(fieldsOf(res.body), fields);
      assert.equal(await orm.em.fork().count(BusinessCalendarYear, { year: y }), 0);
    });
  }

  it('answers 400 for a path that is not a year', async () => {
    const res = await request('PUT', '/calendar/years/next', { official: true, holidays: [], workdays: [] });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['year']);
  });

  it('answers 400 naming each bad business-days parameter', async () => {
    const res = await request('GET', '/calendar/business-days?from=2026-02-13T10:00:00&days=-1');
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['days', 'from']);
  });
});
