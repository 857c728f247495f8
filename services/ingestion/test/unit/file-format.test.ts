import { describe, expect, it } from 'vitest';
import { detectFormat, formatFromName } from '../../src/domain/file-format.js';

const bytes = (text: string) => Buffer.from(text);

describe('detectFormat', () => {
  it('knows Parquet and xlsx by their magic bytes, whatever the name', () => {
    expect(detectFormat('data.csv', bytes('PAR1....'))).toBe('parquet');
    expect(detectFormat('data.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
  });

  it('tells JSON arrays from NDJSON by their first lines', () => {
    expect(detectFormat('x', bytes('  [{"a":1}]'))).toBe('json');
    expect(detectFormat('x', bytes('{"a":1}\n{"a":2}\n'))).toBe('ndjson');
    expect(detectFormat('x', bytes('{\n  "a": 1\n}'))).toBe('json');
  });

  it('uses the extension for text, and the declared format above all', () => {
    expect(detectFormat('t.tsv', bytes('a\tb'))).toBe('tsv');
    expect(detectFormat('t.txt', bytes('a,b'))).toBe('csv');
    expect(detectFormat('t.csv', bytes('[1]'), 'csv')).toBe('csv');
    expect(formatFromName('Book.XLSX')).toBe('xlsx');
    expect(formatFromName('noext')).toBeUndefined();
  });

  it('refuses legacy .xls files with a way out', () => {
    expect(() => detectFormat('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]))).toThrow(
      /save it as .xlsx/,
    );
  });
});
