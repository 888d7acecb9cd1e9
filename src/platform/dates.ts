/** Calendar dates travel as ISO strings (YYYY-MM-DD): no time zone can shift them. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m || m[1] === "0000") return false; // no year 0 in PostgreSQL's calendar (1 BC precedes AD 1)
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(+m[1]!, +m[2]! - 1, +m[3]!);
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
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
