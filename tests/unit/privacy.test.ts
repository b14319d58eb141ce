/**
 * Personal-data detectors and their warnings. IP verdicts come from Python's ipaddress module, card
 * numbers and IBANs from tests/fixtures/privacy/make_privacy_cases.py (valid check digits, then one
 * digit changed); e-mail addresses and phone numbers are judged by hand below.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerHint, ibanValid, isCardNumber, isEmail, isIPv4, isIPv6, isPhone, luhnValid, maskValue, personalValueKind, privacyWarnings } from '../../src/core/quality/privacy';
import { qualityWarnings } from '../../src/core/quality/warnings';
import { describeColumn } from '../../src/core/profile/column';
import { codedColumn } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

const cases = JSON.parse(readFileSync(new URL('../fixtures/privacy/privacy-cases.json', import.meta.url), 'utf8')) as {
  cards: { valid: string[]; invalid: string[] };
  ibans: { valid: string[]; invalid: string[] };
  ips: { value: string; version: 4 | 6 | null }[];
};

describe('value detectors', () => {
  it('checks card numbers by Luhn: valid ones pass, one changed digit fails', () => {
    // 79927398713 is the textbook Luhn example: from the right, 3 + (1·2) + 7 + (8·2−9) + 9 + (9·2−9) + 7 + (2·2) + 9 + (7·2−9) = 70.
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398714')).toBe(false);
    for (const card of cases.cards.valid) expect(isCardNumber(card), card).toBe(true);
    for (const card of cases.cards.invalid) expect(isCardNumber(card), card).toBe(false);
    // Too short, too long, one repeated digit (which passes Luhn), letters.
    for (const other of ['4111 1111 111', '41111111111111111111', '0000000000000000', '4111-1111-1111-111x']) expect(isCardNumber(other), other).toBe(false);
  });

  it('checks IBANs by mod 97: valid ones pass (spaced or not), one changed digit fails', () => {
    for (const iban of cases.ibans.valid) expect(ibanValid(iban), iban).toBe(true);
    for (const iban of cases.ibans.invalid) expect(ibanValid(iban), iban).toBe(false);
    expect(ibanValid('gb82 west 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB82')).toBe(false);
  });

  it('tells IPv4 and IPv6 addresses as Python’s ipaddress does', () => {
    for (const { value, version } of cases.ips) {
      expect([isIPv4(value), isIPv6(value)], value).toEqual([version === 4, version === 6]);
    }
  });

  it('tells e-mail addresses', () => {
    for (const email of ['jane.doe@example.com', 'a+tag@mail.example.co.uk', "o'brien@example.ie", ' x@y.org ']) expect(isEmail(email), email).toBe(true);
    for (const other of ['jane.doe@', '@example.com', 'jane doe@example.com', 'jane@localhost', 'jane@-example.com', 'plain text']) expect(isEmail(other), other).toBe(false);
  });

  it('tells phone numbers written as phone numbers, not bare numbers, dates or decimals', () => {
    for (const phone of ['+44 20 7946 0958', '(555) 123-4567', '555-123-4567', '555.123.4567', '+14155552671', '030 1234567']) expect(isPhone(phone), phone).toBe(true);
    for (const other of ['5551234567', '2024-01-31', '31/01/2024', '1234.5678', '123-45', '+1 23', '555-123-4567 ext', '+44 20 7946 0958 1234 5678']) expect(isPhone(other), other).toBe(false);
  });

  it('names the kind of a cell, IP addresses and cards before the phone numbers they resemble', () => {
    expect(['jane@example.com', '192.168.1.20', cases.cards.valid[5], cases.ibans.valid[0], '(555) 123-4567', 'hello'].map(personalValueKind)).toEqual(['email', 'ip', 'card', 'iban', 'phone', null]);
  });

  it('reads name-like headers in any spelling, and leaves other names alone', () => {
    expect(headerHint('email')).toBe('an e-mail address');
    expect(headerHint('E-Mail')).toBe('an e-mail address');
    expect(headerHint('FirstName')).toBe('a person’s name');
    expect(headerHint('surname')).toBe('a person’s name');
    expect(headerHint('customer_name')).toBe('a person’s name');
    expect(headerHint('Phone Number')).toBe('a phone number');
    expect(headerHint('home_address')).toBe('a postal address');
    expect(headerHint('ip_address')).toBe('an IP address');
    expect(headerHint('SSN')).toBe('an identity number');
    expect(headerHint('dob')).toBe('a date of birth');
    expect(headerHint('DateOfBirth')).toBe('a date of birth');
    for (const other of ['product_name', 'filename', 'species', 'bill_length_mm', 'telemetry', 'addressed', 'nickname_count']) expect(headerHint(other), other).toBeNull();
  });

  it('masks example cells: the first and last four letters or digits show, separators stay', () => {
    expect(maskValue('jane.doe@example.com')).toBe('j•••.•••@••••••e.com');
    expect(maskValue('4111 1111 1111 1111')).toBe('4••• •••• •••• 1111');
    expect(maskValue('abc')).toBe('•••');
  });
});

function table(columns: Record<string, string[]>): Table {
  const names = Object.keys(columns);
  return { rowCount: columns[names[0]].length, columns: names.map((name) => codedColumn(name, columns[name], new Set())) };
}

describe('privacy warnings', () => {
  const rows = 40;
  const data = table({
    contact: Array.from({ length: rows }, (_, i) => (i % 10 === 9 ? 'n/a' : `person${i}@example.org`)),
    surname: Array.from({ length: rows }, (_, i) => ['Smith', 'Jones', 'Brown'][i % 3]),
    card: Array.from({ length: rows }, (_, i) => cases.cards.valid[i % 5]),
    order_code: Array.from({ length: rows }, (_, i) => cases.cards.invalid[i % 5]),
    city: Array.from({ length: rows }, (_, i) => ['Oslo', 'Lima'][i % 2]),
    y: Array.from({ length: rows }, (_, i) => ['a', 'b'][i % 2]),
  });

  it('flags columns by their values (at least half the sampled cells) or their header, never the target or a column of broken numbers', () => {
    const warnings = privacyWarnings(data, 'y');
    expect(warnings.map((w) => [w.id, w.severity])).toEqual([
      ['personal_data:contact', 'high'],
      ['personal_data:surname', 'medium'],
      ['personal_data:card', 'high'],
    ]);
    expect(warnings[0].message).toMatch(/^"contact" holds e-mail addresses: 90% of 40 sampled cells\. /);
    expect(warnings[1].message).toMatch(/^"surname" is named like a person’s name, so its values may be personal data\. /);
    expect(warnings[0].examples?.[0]).toEqual({ row: 0, value: 'p••••••@••••••e.org' });
  });

  it('offers two fixes: leave the column out, or hash it', () => {
    const [contact] = privacyWarnings(data, 'y');
    expect(contact.fix).toEqual({ type: 'step', kind: 'drop_columns', params: { columns: ['contact'] }, label: 'Leave out contact' });
    expect(contact.alternatives).toEqual([{ type: 'step', kind: 'hash_columns', params: { columns: ['contact'] }, label: 'Hash contact (salted SHA-256)' }]);
  });

  it('are part of the data-quality warnings the Profile panel lists', () => {
    const details = data.columns.map(describeColumn);
    const kinds = qualityWarnings(data, details).filter((w) => w.kind === 'personal_data').map((w) => w.columns[0]);
    expect(kinds).toEqual(['contact', 'card', 'surname']);
  });

  it('reads a numeric column of card numbers, a column of IPs and of IBANs', () => {
    const numeric: Table = {
      rowCount: 5,
      columns: [
        { name: 'n', kind: 'numeric', values: Float64Array.from(cases.cards.valid.slice(0, 5).map(Number)) },
        codedColumn('addr', cases.ips.filter((c) => c.version !== null).slice(0, 5).map((c) => c.value), new Set()),
        codedColumn('acct', cases.ibans.valid.slice(0, 5), new Set()),
      ],
    };
    expect(privacyWarnings(numeric).map((w) => w.message.split(':')[0])).toEqual(['"n" holds payment card numbers (they pass the Luhn check)', '"addr" holds IP addresses', '"acct" holds bank account numbers (IBANs passing the mod-97 check)']);
  });
});
