// Event times as CT sends them, normalised by the rules of ct-events.md:
// - surrounding white space is trimmed (CT sometimes sends "...Z ");
// - a date-time without an offset is UTC (JavaScript would read it as local time);
// - an offset such as +05:30 is converted to UTC;
// - every fractional digit is kept: `iso` keeps the digits CT sent, `sortKey` pads them to 7
//   (.NET's 100 ns ticks) so that plain string comparison orders instants.
// The text is parsed field by field: `new Date(string)` is never used, because it reads
// offset-less text in the machine's time zone and yields Invalid Date for odd input.
import type { EventTime } from './model';
import { quoteValue } from './quote';

export type TimeResult = { ok: true; time: EventTime } | { ok: false; problem: string };

/** Digits of the fraction that take part in ordering: one .NET tick is 100 ns. */
export const SORT_FRACTION_DIGITS = 7;

const EXAMPLE = '2021-02-28T17:27:45.2810916Z';
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const MAX_OFFSET_MINUTES = 14 * 60;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Normalises one event time. `field` names the field in problems ("LoginTime has month 13...").
 * Never throws and never produces an invalid date: anything unusable comes back as a problem.
 */
export function normaliseEventTime(raw: unknown, field = 'The time'): TimeResult {
  if (typeof raw !== 'string') {
    return { ok: false, problem: `${field} should be a date-time string, but it is ${describeType(raw)}.` };
  }
  const text = raw.trim();
  if (text === '') {
    return { ok: false, problem: `${field} is empty.` };
  }
  const match = DATE_TIME.exec(text);
  if (!match) {
    return { ok: false, problem: `${field} ${quoteValue(text)} is not an ISO-8601 date-time such as ${EXAMPLE}.` };
  }
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const rangeProblem = checkRanges(field, text, year, month, day, hour, minute, second);
  if (rangeProblem) {
    return { ok: false, problem: rangeProblem };
  }
  let offsetMinutes = 0;
  if (!zulu && sign) {
    const hours = Number(offH);
    const minutes = Number(offM);
    // .NET's DateTimeOffset, which CT writes with, holds offsets up to 14 hours either way.
    if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) {
      return { ok: false, problem: `${field} ${quoteValue(text)} has an impossible offset ${sign}${offH}:${offM} (offsets reach at most ±14:00).` };
    }
    offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // Whole seconds in UTC, computed with Date's UTC arithmetic (no time zone involved).
  // setUTCFullYear avoids Date.UTC's mapping of years 0-99 to 1900-1999.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) {
    return { ok: false, problem: `${field} ${quoteValue(text)} falls outside the years 0000-9999 in UTC.` };
  }
  const whole = [
    pad(utcYear, 4), '-', pad(utc.getUTCMonth() + 1, 2), '-', pad(utc.getUTCDate(), 2), 'T',
    pad(utc.getUTCHours(), 2), ':', pad(utc.getUTCMinutes(), 2), ':', pad(utc.getUTCSeconds(), 2),
  ].join('');
  // Digits beyond the 7th are finer than CT's clock; they stay in `iso` but not in `sortKey`,
  // where equal keys fall back to the sequence number.
  const sortFraction = fraction.padEnd(SORT_FRACTION_DIGITS, '0').slice(0, SORT_FRACTION_DIGITS);
  const time: EventTime = {
    raw,
    iso: `${whole}${fraction ? `.${fraction}` : ''}Z`,
    sortKey: `${whole}.${sortFraction}Z`,
    epochMs: utc.getTime() + Number(fraction.padEnd(3, '0').slice(0, 3)),
  };
  return { ok: true, time };
}

function checkRanges(field: string, text: string, year: number, month: number, day: number, hour: number, minute: number, second: number): string | undefined {
  const quoted = `${field} ${quoteValue(text)}`;
  if (month < 1 || month > 12) {
    return `${quoted} has month ${month}, outside 1-12.`;
  }
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${quoted} has day ${day}, but ${MONTH_NAMES[month - 1]} ${year} has ${days} days.`;
  }
  if (hour > 23) {
    return `${quoted} has hour ${hour}, outside 0-23.`;
  }
  if (minute > 59) {
    return `${quoted} has minute ${minute}, outside 0-59.`;
  }
  if (second > 59) {
    return `${quoted} has second ${second}, outside 0-59.`;
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}


/** "a number", "null", "an object"... for problems about ill-typed fields. */
export function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'missing';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Shows an event time in the user's locale (and, for tests or a setting, a given time zone),
 * with milliseconds because CT events often lie less than a second apart.
 */
export function formatLocalTime(time: EventTime, locale?: string | string[], timeZone?: string): string {
  return dateTimeFormat(locale, { ...LOCAL_TIME, timeZone }).format(new Date(time.epochMs));
}

const LOCAL_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, timeZoneName: 'short',
};

// Building an Intl.DateTimeFormat costs far more than formatting with one (a 10,000-event text
// timeline spent most of its time there; a swimlane frame has 16 ms), so each locale and set of
// options gets one.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** The Intl.DateTimeFormat for a locale and options, made on first use. */
export function dateTimeFormat(locale: string | string[] | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? null, options]);
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}
