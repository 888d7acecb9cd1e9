/** Calendar dates travel as ISO strings (YYYY-MM-DD): no time zone can shift them. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** A real day of the proleptic Gregorian calendar, as PostgreSQL's date reads it; counted, not built as a Date (an import checks two a row). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m || m[1] === "0000") return false; // no year 0 in PostgreSQL's calendar (1 BC precedes AD 1)
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= DAYS_IN_MONTH[month - 1]! + (month === 2 && isLeapYear(year) ? 1 : 0);
}

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600_000;
/** The last day computed, by its day number: a page derives every row's status from today. */
let lastDay = { number: NaN, date: "" };

/** Today in China Standard Time, which is the legal calendar of every record here. */
export function today(now: Date = new Date()): IsoDate {
  const shifted = now.getTime() + CST_OFFSET_MS;
  const number = Math.floor(shifted / DAY_MS);
  if (number !== lastDay.number) lastDay = { number, date: new Date(shifted).toISOString().slice(0, 10) };
  return lastDay.date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
