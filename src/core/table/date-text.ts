/**
 * A date column's value as people read it. Dates are kept as epoch milliseconds in UTC, and a time
 * read without a zone was taken as UTC (kinds.ts, parseDate), so UTC shows the wall-clock time the
 * file had: a date alone stays "1990-01-08", a date-time reads "1990-01-08 13:45 UTC" (seconds and
 * milliseconds only when it has them). Previews, the profile and prediction reports use it; the
 * CSV written back keeps ISO 8601 (cellText), which every reader parses.
 */
export function dateText(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  const t = iso.indexOf('T');
  const day = iso.slice(0, t);
  const [hours, minutes, seconds] = iso.slice(t + 1, -1).split(':');
  if (hours === '00' && minutes === '00' && seconds === '00.000') return day;
  const clock = seconds === '00.000' ? `${hours}:${minutes}` : `${hours}:${minutes}:${seconds.endsWith('.000') ? seconds.slice(0, 2) : seconds}`;
  return `${day} ${clock} UTC`;
}
