import { describe, expect, it } from 'vitest';
import { decodeHead, parseRecords, sniffCsv } from '../../src/domain/csv-dialect.js';

const sniff = (text: string | Uint8Array, complete = true) =>
  sniffCsv(typeof text === 'string' ? Buffer.from(text) : text, { fileName: 't.csv', complete });

describe('sniffCsv', () => {
  it('finds the delimiter that splits every line alike', () => {
    expect(sniff('a,b,c\n1,2,3\n').delimiter).toBe(',');
    expect(sniff('a;b;c\n1,5;2;3\n').delimiter).toBe(';');
    expect(sniff('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(sniff('a|b\n1|2\n').delimiter).toBe('|');
  });

  it('honours quotes around delimiters, doubled quotes and line breaks', () => {
    const dialect = sniff('name,quote\n"Smith, J","He said ""hi""\nthen left"\nAnn,x\n');
    expect(dialect.names).toEqual(['name', 'quote']);
    expect(dialect.rows).toEqual([
      ['Smith, J', 'He said "hi"\nthen left'],
      ['Ann', 'x'],
    ]);
  });

  it('sees a header unless the first row holds data like the rows below', () => {
    expect(sniff('id,amount\n1,2.5\n').hasHeader).toBe(true);
    const headerless = sniff('1,2.5,x\n2,3.5,y\n');
    expect(headerless.hasHeader).toBe(false);
    expect(headerless.names).toEqual(['column_1', 'column_2', 'column_3']);
    expect(headerless.rows).toHaveLength(2);
    expect(sniff('2024,2025\n10,20\n').hasHeader).toBe(false);
  });

  it('trims header names and skips a UTF-8 BOM', () => {
    const dialect = sniff(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' a , b\n1,2\n')]));
    expect(dialect.names).toEqual(['a', 'b']);
    expect(dialect.encoding).toBe('utf-8');
  });

  it('ignores a partial last line when the head is not the whole file', () => {
    expect(sniff('a,b\n1,2\n3,', false).rows).toEqual([['1', '2']]);
  });

  it('refuses empty and binary content', () => {
    expect(() => sniff('   \n')).toThrow(/t.csv is empty/);
    expect(() => sniff(Buffer.from([0x41, 0x00, 0x42]))).toThrow(/NUL byte at offset 1/);
    expect(() => sniff(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x41]))).toThrow(/control characters/);
  });
});

describe('decodeHead', () => {
  it('reads UTF-16 by its BOM and falls back to Latin-1 for invalid UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    expect(decodeHead(utf16, 'x')).toEqual({ text: 'a,b\n', encoding: 'utf-16' });
    expect(decodeHead(Buffer.from('Zürich', 'latin1'), 'x')).toEqual({ text: 'Zürich', encoding: 'latin-1' });
    expect(decodeHead(Buffer.from('Zürich'), 'x').encoding).toBe('utf-8');
  });
});

describe('parseRecords', () => {
  it('stops at the limit and drops blank lines', () => {
    expect(parseRecords('a\n\nb\nc\n', ',', 2, true)).toEqual([['a'], ['b']]);
    expect(parseRecords('a\r\nb\r\n', ',', 10, true)).toEqual([['a'], ['b']]);
  });
});
