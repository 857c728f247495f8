import { AppError } from '@sightline/errors';

/** The text encodings DuckDB reads natively. */
export type TextEncoding = 'utf-8' | 'utf-16' | 'latin-1';

/** How a delimited text file is written, as sniffed from its first bytes. */
export interface CsvDialect {
  encoding: TextEncoding;
  delimiter: string;
  quote: string;
  hasHeader: boolean;
  /** Column names: the header's, or column_1… when the file has none. */
  names: string[];
  /** The first rows (after the header), parsed, for samples and checks. */
  rows: string[][];
}

const DELIMITERS = [',', '\t', ';', '|'] as const;
const QUOTE = '"';

/** Decodes the head of a file, choosing the encoding from its BOM or its validity as UTF-8. */
export function decodeHead(head: Uint8Array, fileName: string): { text: string; encoding: TextEncoding } {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    const label = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(label).decode(head.subarray(2)), encoding: 'utf-16' };
  }
  const body = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  const nul = body.indexOf(0);
  if (nul >= 0) throw notText(fileName, `it contains a NUL byte at offset ${nul}`);
  let text: string;
  let encoding: TextEncoding = 'utf-8';
  try {
    // The head may end inside a multi-byte character; `stream` tolerates that.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
  } catch {
    text = new TextDecoder('latin1').decode(body);
    encoding = 'latin-1';
  }
  let control = 0;
  for (let i = 0; i < Math.min(text.length, 65_536); i += 1) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) control += 1;
  }
  if (control > 0 && control / Math.min(text.length, 65_536) > 0.01) {
    throw notText(fileName, `${control} control characters in its first bytes`);
  }
  return { text, encoding };
}

function notText(fileName: string, why: string): AppError {
  return new AppError(
    'validation',
    `${fileName} is not a text table (${why}); upload CSV or TSV as text, or Excel (.xlsx), JSON or Parquet`,
    { field: 'file' },
  );
}

/** Splits delimited text into records, honouring quotes; a trailing partial record is dropped. */
export function parseRecords(text: string, delimiter: string, limit: number, complete: boolean): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  while (i < text.length && records.length < limit) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === QUOTE) {
        if (text[i + 1] === QUOTE) {
          field += QUOTE;
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i += 1;
      continue;
    }
    if (ch === QUOTE && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (complete && records.length < limit && (field !== '' || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

const LOOKS_TYPED =
  /^\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|\d{4}-\d{2}-\d{2}.*|\d{1,2}[/.]\d{1,2}[/.]\d{4}|true|false)\s*$/i;

/**
 * Whether the first record names the columns: it does unless it holds a number, date or
 * boolean where the rows below hold one too (a headerless table of data).
 */
function firstRecordIsHeader(first: string[], rest: string[][]): boolean {
  if (rest.length === 0) return true;
  return !first.some((cell, column) => {
    if (!LOOKS_TYPED.test(cell)) return false;
    return rest.every(
      (row) => row[column] === undefined || row[column] === '' || LOOKS_TYPED.test(row[column] as string),
    );
  });
}

/**
 * Sniffs delimiter, header and encoding from a file's first bytes. `complete` says the head is
 * the whole file. `forced` is the delimiter a declared format implies (tab for TSV).
 */
export function sniffCsv(
  head: Uint8Array,
  options: { fileName: string; complete: boolean; forcedDelimiter?: string },
): CsvDialect {
  const { text, encoding } = decodeHead(head, options.fileName);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw new AppError('validation', `${options.fileName} is empty: there is no header and no data`, {
      field: 'file',
    });
  }
  const candidates = options.forcedDelimiter ? [options.forcedDelimiter] : DELIMITERS;
  let best: { delimiter: string; records: string[][]; score: number } | undefined;
  for (const delimiter of candidates) {
    const records = parseRecords(body, delimiter, 50, options.complete);
    const widths = records.map((r) => r.length);
    const width = widths[0] ?? 1;
    const consistent = widths.filter((w) => w === width).length / Math.max(widths.length, 1);
    // More columns that agree line by line is the better reading.
    const score = width > 1 ? consistent * 1_000 + width : 0;
    if (!best || score > best.score) best = { delimiter, records, score };
  }
  const chosen = best as { delimiter: string; records: string[][] };
  const [first = [], ...rest] = chosen.records;
  const hasHeader = firstRecordIsHeader(first, rest);
  const names = hasHeader ? first.map((n) => n.trim()) : first.map((_, i) => `column_${i + 1}`);
  return {
    encoding,
    delimiter: chosen.delimiter,
    quote: QUOTE,
    hasHeader,
    names,
    rows: hasHeader ? rest : chosen.records,
  };
}
