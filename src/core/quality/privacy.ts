/**
 * Columns that look like personal data: by their values (e-mail addresses, phone numbers, card
 * numbers that pass the Luhn check, IBANs that pass the ISO 13616 mod-97 check, IPv4 and IPv6
 * addresses) or by their header (name, first_name, surname, email, phone, address, ssn, dob…).
 * Values are judged on an even sample of a column's present cells; a column is flagged when at
 * least half of them are of one kind. The checksums keep numbers that merely look like cards or
 * account numbers (order ids, product codes) from being flagged.
 */
import { cellText, isMissing, sourceLine, type Column, type Table } from '../table/table';
import type { QualityFix, QualityWarning, WarningExample } from './warning';

export type PersonalValueKind = 'email' | 'phone' | 'card' | 'iban' | 'ip';

const VALUE_LABEL: Record<PersonalValueKind, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  card: 'payment card numbers (they pass the Luhn check)',
  iban: 'bank account numbers (IBANs passing the mod-97 check)',
  ip: 'IP addresses',
};

/** Present cells read per column: enough to tell a column of e-mail addresses, cheap on a million rows. */
export const PRIVACY_SAMPLE = 1000;
/** A column is flagged when at least this share of its sampled present cells are of one personal kind. */
export const PERSONAL_SHARE = 0.5;
const EXAMPLES = 3;

/** The HTML standard's valid e-mail address, with at least one dot in the domain (a@b is valid there, rare in data). */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export function isIPv4(value: string): boolean {
  return IPV4.test(value.trim());
}

/**
 * RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, one run of zero groups written `::`,
 * the last two groups optionally as an IPv4 address; a zone index (`%eth0`) is allowed.
 */
export function isIPv6(value: string): boolean {
  const text = value.trim().replace(/%[\w.-]+$/, '');
  if (!text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const parts = halves.map(groupsOf);
  const all = parts.flat();
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count++;
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** The Luhn (mod 10) check digit test that every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** 13 to 19 digits (ISO/IEC 7812), spaces or dashes between groups, passing the Luhn check; one repeated digit is no card. */
export function isCardNumber(value: string): boolean {
  const text = value.trim();
  if (!/^\d[\d -]*\d$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1*$/.test(digits)) return false;
  return luhnValid(digits);
}

/**
 * ISO 13616: two letters (the country), two check digits, 11–30 letters or digits; moving the first
 * four characters to the end and reading letters as 10…35, the number is 1 modulo 97.
 */
export function ibanValid(value: string): boolean {
  const text = value.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const moved = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    remainder = code >= 65 ? (remainder * 100 + code - 55) % 97 : (remainder * 10 + code - 48) % 97;
  }
  return remainder === 1;
}

/**
 * A phone number: 7 to 15 digits (E.164's most), an optional leading +, written with separators
 * (spaces, dashes, dots, parentheses). A bare run of digits is not taken for one (that is any
 * number or code), nor are dates, nor decimals (dots alone need three groups: 555.123.4567).
 */
export function isPhone(value: string): boolean {
  const text = value.trim();
  if (!/^\+?[\d\s().-]+$/.test(text) || !/\d$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(text)) return false;
  const groups = text.replace(/^\+/, '').split(/[\s().-]+/).filter((g) => g !== '');
  if (!text.startsWith('+') && groups.length < 2) return false;
  if (/^[\d.]+$/.test(text) && groups.length < 3) return false;
  return true;
}

/** What one cell is, if it is personal data of a kind these checks know. IP and cards come before phones, which they would also look like. */
export function personalValueKind(value: string): PersonalValueKind | null {
  if (isEmail(value)) return 'email';
  if (isIPv4(value) || isIPv6(value)) return 'ip';
  if (isCardNumber(value)) return 'card';
  if (ibanValid(value)) return 'iban';
  if (isPhone(value)) return 'phone';
  return null;
}

/** Headers that name personal data, checked in order (ip_address is an IP address, not a postal one). */
const HEADER_HINTS: readonly (readonly [RegExp, string])[] = [
  [/(^|_)e_?mail(_address)?$/, 'an e-mail address'],
  [/(^|_)ip(_address)?$/, 'an IP address'],
  [/(^|_)(phone|telephone|tel|mobile|cell_?phone)(_(number|no))?$/, 'a phone number'],
  [/(^|_)(ssn|social_security(_number|_no)?|national_id|passport(_number|_no)?|tax_id)$/, 'an identity number'],
  [/(^|_)(dob|date_of_birth|birth_?date|birthday)$/, 'a date of birth'],
  [/(^|_)(credit_card|card_number|card_no)$/, 'a card number'],
  [/(^|_)iban$/, 'a bank account number'],
  [/(^|_)((street|home|postal|mailing)_)?address$/, 'a postal address'],
  [/^((full|first|last|given|family|middle|maiden|customer|client|user|patient|employee|person|contact)_)?name$|^(first|last|fore|sur|user)_?name$/, 'a person’s name'],
];

/** A header in snake case: "FirstName", "first-name" and "First Name" all become first_name. */
function normalHeader(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** What the header says the column holds, when it names personal data. */
export function headerHint(name: string): string | null {
  const header = normalHeader(name);
  return HEADER_HINTS.find(([pattern]) => pattern.test(header))?.[1] ?? null;
}

/** A cell shown without giving it away: letters and digits hidden but the first and the last four, separators kept. */
export function maskValue(value: string): string {
  const chars = [...value];
  const positions = chars.flatMap((ch, i) => (/[\p{L}\p{N}]/u.test(ch) ? [i] : []));
  // A short value shows nothing: four of six characters would give it away.
  const shown = positions.length > 6 ? new Set([positions[0], ...positions.slice(-4)]) : new Set<number>();
  const hidden = new Set(positions.filter((i) => !shown.has(i)));
  return chars.map((ch, i) => (hidden.has(i) ? '•' : ch)).join('');
}

export interface PrivacyFinding {
  column: string;
  /** The kind most of the sampled cells are, when at least PERSONAL_SHARE of them are. */
  values?: { kind: PersonalValueKind; share: number; sampled: number };
  /** What the header names, when it names personal data. */
  header?: string;
  /** Matching cells, masked. */
  examples: WarningExample[];
}

/** Up to PRIVACY_SAMPLE present cells, evenly spread over the rows, as (row, text). */
function sampleCells(table: Table, column: Column): { row: number; text: string }[] {
  const n = table.rowCount;
  const step = Math.max(1, n / PRIVACY_SAMPLE);
  const out: { row: number; text: string }[] = [];
  for (let at = 0; at < n; at += step) {
    const row = Math.floor(at);
    if (!isMissing(column, row)) out.push({ row, text: cellText(column, row) });
  }
  return out;
}

function valueFinding(table: Table, column: Column): Pick<PrivacyFinding, 'values' | 'examples'> | null {
  // Dates and booleans hold no addresses or numbers of these kinds (a date of birth is found by its header).
  if (column.kind === 'date' || column.kind === 'boolean') return null;
  const cells = sampleCells(table, column);
  if (cells.length === 0) return null;
  const counts = new Map<PersonalValueKind, { row: number; text: string }[]>();
  for (const cell of cells) {
    const kind = personalValueKind(cell.text);
    if (!kind) continue;
    const list = counts.get(kind) ?? [];
    list.push(cell);
    counts.set(kind, list);
  }
  const [best] = [...counts].sort((a, b) => b[1].length - a[1].length);
  if (!best || best[1].length < PERSONAL_SHARE * cells.length) return null;
  const [kind, matched] = best;
  return {
    values: { kind, share: matched.length / cells.length, sampled: cells.length },
    examples: matched.slice(0, EXAMPLES).map(({ row, text }) => {
      const line = sourceLine(table, row);
      return line === undefined ? { row, value: maskValue(text) } : { row, line, value: maskValue(text) };
    }),
  };
}

/** Every column (the target aside) whose values or header look like personal data. */
export function findPersonalData(table: Table, target?: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const column of table.columns) {
    if (column.name === target) continue;
    const header = headerHint(column.name);
    const values = valueFinding(table, column);
    if (!header && !values) continue;
    out.push({ column: column.name, ...(header ? { header } : {}), ...(values ?? { examples: [] }) });
  }
  return out;
}

/** What a finding says: the values' kind and share, or what the header names. */
export function describeFinding(f: PrivacyFinding): string {
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  if (f.values) return `"${f.column}" holds ${VALUE_LABEL[f.values.kind]}: ${pct(f.values.share)} of ${f.values.sampled.toLocaleString('en')} sampled cells`;
  return `"${f.column}" is named like ${f.header}`;
}

/** The two one-click fixes: leave the column out, or keep it as salted hashes (equal values stay equal). */
export function privacyFixes(column: string): [QualityFix, QualityFix] {
  return [
    { type: 'step', kind: 'drop_columns', params: { columns: [column] }, label: `Leave out ${column}` },
    { type: 'step', kind: 'hash_columns', params: { columns: [column] }, label: `Hash ${column} (salted SHA-256)` },
  ];
}

export function privacyWarnings(table: Table, target?: string): QualityWarning[] {
  return findPersonalData(table, target).map((f) => {
    const [fix, hash] = privacyFixes(f.column);
    return {
      id: `personal_data:${f.column}`,
      kind: 'personal_data',
      severity: f.values ? 'high' : 'medium',
      columns: [f.column],
      message:
        `${describeFinding(f)}${f.values ? '' : ', so its values may be personal data'}. Personal data should reach neither the model nor its file unless the task needs it: ` +
        'leave the column out, or replace it by a salted hash that keeps equal values equal.',
      ...(f.examples.length ? { examples: f.examples } : {}),
      fix,
      alternatives: [hash],
    };
  });
}
