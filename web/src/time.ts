import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The company's time zone (COMPANY_TIME_ZONE), written into the page by the API that serves it. */
export const COMPANY_TIME_ZONE =
  document.querySelector<HTMLMetaElement>('meta[name="aftercare-company-time-zone"]')?.content || 'Asia/Shanghai';

/** An instant in company time, e.g. 2026-11-23 10:30. */
export function companyTime(instant: string | null | undefined, format = 'YYYY-MM-DD HH:mm'): string {
  return instant ? dayjs(instant).tz(COMPANY_TIME_ZONE).format(format) : '—';
}

/** A date-and-time picked on the page, read as company time, as an ISO instant with its offset. */
export function fromCompanyTime(value: dayjs.Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:00'), COMPANY_TIME_ZONE).format();
}

/** Now, in company time (for pickers). */
export const companyNow = (): dayjs.Dayjs => dayjs().tz(COMPANY_TIME_ZONE);

/** Hours and minutes until `instant` (negative once past), e.g. {hours: 5, minutes: 20, past: false}. */
export function timeLeft(instant: string, now = Date.now()): { past: boolean; hours: number; minutes: number } {
  const ms = new Date(instant).getTime() - now;
  const abs = Math.abs(ms);
  return { past: ms < 0, hours: Math.floor(abs / 3_600_000), minutes: Math.floor((abs % 3_600_000) / 60_000) };
}

export { dayjs };
