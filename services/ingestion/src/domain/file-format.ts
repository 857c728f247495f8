import { AppError } from '@sightline/errors';

/** The table formats Sightline reads. */
export const FILE_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  xlsx: 'xlsx',
  parquet: 'parquet',
  pq: 'parquet',
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/** The format a file name's extension suggests, if any. */
export function formatFromName(fileName: string): FileFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * The file's format: `declared` (the request's `format`) wins; otherwise the content decides
 * (Parquet and xlsx by their magic bytes, JSON by its first character), then the extension.
 */
export function detectFormat(fileName: string, head: Uint8Array, declared?: FileFormat): FileFormat {
  if (declared) return declared;
  if (startsWith(head, PARQUET_MAGIC)) return 'parquet';
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE_MAGIC))
    throw new AppError(
      'validation',
      `${fileName} is a legacy Excel (.xls) or other OLE file; save it as .xlsx or CSV and upload again`,
      { field: 'file' },
    );
  const byName = formatFromName(fileName);
  if (byName === 'xlsx' || byName === 'parquet') return byName;
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 4096))
    .replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') {
    // NDJSON has one object per line; a single pretty-printed object is JSON.
    const lines = text.trim().split(/\r?\n/);
    return lines.length > 1 && lines[0]?.trim().endsWith('}') ? 'ndjson' : 'json';
  }
  return byName === 'tsv' ? 'tsv' : 'csv';
}
