import { assertValidCalendarYear, sortedDates, type CalendarYearInput } from './calendar-year.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function yearFrom(year: unknown, data: unknown, where: string): CalendarYearInput {
  if (!isObject(data)) throw new Error(`${where} must be an object with official, holidays and workdays`);
  const unknownKeys = Object.keys(data).filter((key) => !['year', 'official', 'holidays', 'workdays', 'source'].includes(key));
  if (unknownKeys.length) throw new Error(`${where}: unknown field ${unknownKeys.join(', ')}`);
  const input = {
    year: year as number,
    official: data.official as boolean,
    holidays: (data.holidays ?? []) as string[],
    workdays: (data.workdays ?? []) as string[],
    ...(data.source !== undefined && { source: data.source as string }),
  };
  try {
    assertValidCalendarYear(input);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
  }
  return { ...input, holidays: sortedDates(input.holidays), workdays: sortedDates(input.workdays) };
}

/**
 * The years of a calendar file, checked: one year (`{"year": 2027, "official": true, "holidays": [...], "workdays": [...]}`)
 * or a whole calendar (`{"version": "...", "years": {"2027": {"official", "holidays", "workdays"}}}`).
 * Throws naming the first wrong entry.
 */
export function parseCalendarFile(text: string): CalendarYearInput[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(document)) throw new Error('must be a JSON object: one year, or {"version", "years"}');
  if ('year' in document) {
    const year = document.year;
    if (typeof year !== 'number') throw new Error('year must be a number, e.g. 2027');
    return [yearFrom(year, document, `year ${year}`)];
  }
  if (!isObject(document.years)) throw new Error('must have "year" (one year) or "years" (an object of years)');
  const unknownKeys = Object.keys(document).filter((key) => key !== 'version' && key !== 'years');
  if (unknownKeys.length) throw new Error(`unknown field ${unknownKeys.join(', ')}`);
  const years = Object.entries(document.years).map(([key, data]) => {
    if (!/^\d{4}$/.test(key)) throw new Error(`years: "${key}" is not a year`);
    return yearFrom(Number(key), data, `years.${key}`);
  });
  if (years.length === 0) throw new Error('years is empty');
  return years.sort((a, b) => a.year - b.year);
}
