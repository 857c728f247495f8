import { open, rm, stat, writeFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '@sightline/errors';
import {
  BOOLEAN_PATTERN,
  completeness,
  DATE_FORMATS,
  DECIMAL_PATTERN,
  dataQualityScore,
  decideColumnType,
  INTEGER_PATTERN,
  NULL_TOKENS,
  type PatternCounts,
  TRUE_WORDS,
  type TypeDecision,
  reviseDecision,
} from '../domain/column-types.js';
import { type CsvDialect, sniffCsv } from '../domain/csv-dialect.js';
import type { ColumnSchema, ProcessedTable } from '../domain/data-source.js';
import { detectFormat, type FileFormat } from '../domain/file-format.js';
import { checkColumnNames } from '../domain/table-layout.js';
import { type Engine, rows } from './duckdb.js';
import { excelToCsv } from './excel.js';
import { identifier, literal } from './sql.js';

/** A raw upload on local disk, ready to be converted. */
export interface ConversionInput {
  path: string;
  fileName: string;
  declaredFormat?: FileFormat;
  sheet?: string;
  /** Where the Parquet copy and any intermediate files go (removed by the caller). */
  workPath: string;
}

export interface ConversionResult {
  format: FileFormat;
  parquetPath: string;
  table: ProcessedTable;
}

const HEAD_BYTES = 1 << 20;
/** Rows the first type guess is made on; the whole column then confirms or widens it. */
const SAMPLE_ROWS = 5_000;
/** Bytes of a large delimited file the first guess reads (a few thousand typical rows). */
const SAMPLE_BYTES = 256 * 1024;
const SAMPLE_VALUE_ROWS = 1_000;
const SAMPLE_VALUES = 5;
/** Columns per aggregate query, so very wide tables do not build one enormous statement. */
const COLUMN_BATCH = 128;
/** Failures of the machine rather than the file: reported as internal errors and retried, never blamed on the upload. */
const SYSTEM_FAILURE =
  /^(Out of Memory Error|INTERNAL Error|FATAL Error|Interrupt|IO Error: (Could not write|.*No space left))/;

/** The table as DuckDB reads it: every column as trimmed text (blank → NULL) named c0, c1, … */
interface TextRelation {
  names: string[];
  sql: string;
  /** How a delimited file was sniffed, to explain its read errors. */
  dialect?: CsvDialect;
  /** The same columns over the file's first records only, for first guesses and samples. */
  sample?: string;
}

function alias(index: number): string {
  return `c${index}`;
}

async function readHead(path: string): Promise<{ head: Uint8Array; size: number }> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

function fileError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('validation', message, { field: 'file', ...(details ? { details } : {}) });
}

/** The byte offset just past the last line break outside quotes: where the head's complete records end. */
function endOfCompleteRecords(head: Uint8Array, quote: string): number {
  const quoteByte = quote.charCodeAt(0);
  let quoted = false;
  let end = 0;
  for (let i = 0; i < head.length; i += 1) {
    const byte = head[i];
    if (byte === quoteByte) quoted = !quoted;
    else if (byte === 0x0a && !quoted) end = i + 1;
  }
  return end;
}

/** Turns DuckDB's CSV reader errors into what a user can act on, with the line at fault. */
function csvReadError(error: unknown, fileName: string, dialect: CsvDialect): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /on Line: (\d+)/.exec(message)?.[1];
  const where = line ? `line ${line}` : 'a line';
  const widths = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (widths) {
    const [, expected, found] = widths;
    return fileError(
      `${fileName}: ${where} has ${found} fields but the ${dialect.hasHeader ? 'header has' : 'first row has'} ${expected}; every row needs the same number of fields (quote values that contain "${dialect.delimiter === '\t' ? '\\t' : dialect.delimiter}")`,
      {
        ...(line ? { line: Number(line) } : {}),
        expected_fields: Number(expected),
        found_fields: Number(found),
      },
    );
  }
  if (/unterminated quote/i.test(message)) {
    return fileError(`${fileName}: ${where} opens a quoted value that is never closed`, {
      ...(line ? { line: Number(line) } : {}),
    });
  }
  if (/unicode|utf-?8|encoding/i.test(message)) {
    return fileError(`${fileName}: ${where} is not valid ${dialect.encoding} text; save the file as UTF-8`, {
      ...(line ? { line: Number(line) } : {}),
    });
  }
  if (/maximum line size/i.test(message)) {
    return fileError(`${fileName}: ${where} is longer than the longest line supported (2 MB)`, {
      ...(line ? { line: Number(line) } : {}),
    });
  }
  return fileError(`${fileName} could not be read as delimited text: ${message.split('\n')[0]}`);
}

/** Values trimmed, blank ones NULL; the cheap test first because most values have no edge spaces. */
function blankAsNull(text: string): string {
  return `CASE WHEN starts_with(${text}, ' ') OR ends_with(${text}, ' ') THEN NULLIF(trim(${text}), '') ELSE NULLIF(${text}, '') END`;
}

function csvRelation(path: string, dialect: CsvDialect): TextRelation {
  const columns = dialect.names.map((_, i) => `${literal(alias(i))}: 'VARCHAR'`).join(', ');
  const reader = `read_csv(${literal(path)}, columns = {${columns}}, header = ${dialect.hasHeader}, delim = ${literal(dialect.delimiter)}, quote = ${literal(dialect.quote)}, escape = ${literal(dialect.quote)}, encoding = ${literal(dialect.encoding)}, strict_mode = true, null_padding = false, auto_detect = false)`;
  const projection = dialect.names.map((_, i) => `${blankAsNull(alias(i))} AS ${alias(i)}`).join(', ');
  return { names: dialect.names, sql: `SELECT ${projection} FROM ${reader}`, dialect };
}

/** JSON and Parquet bring their own types; everything is read back as text and inferred the same way. */
async function describedRelation(connection: DuckDBConnection, reader: string): Promise<TextRelation> {
  const described = await rows(connection, `DESCRIBE SELECT * FROM ${reader}`);
  const names = described.map((row) => String(row.column_name));
  const projection = described
    .map((row, i) => {
      const type = String(row.column_type);
      const column = identifier(String(row.column_name));
      const text = /^(STRUCT|MAP|JSON|UNION)|\[\d*\]$/.test(type)
        ? `to_json(${column})::VARCHAR`
        : `CAST(${column} AS VARCHAR)`;
      return `${blankAsNull(text)} AS ${alias(i)}`;
    })
    .join(', ');
  return { names, sql: `SELECT ${projection} FROM ${reader}` };
}

function presentExpression(column: string): string {
  return `(${column} IS NOT NULL AND lower(${column}) NOT IN (${NULL_TOKENS.map(literal).join(', ')}))`;
}

/** Counts, per column, the values that fit each candidate type. */
async function countPatterns(
  connection: DuckDBConnection,
  relation: TextRelation,
  columns: number[],
  limit?: number,
): Promise<Map<number, PatternCounts>> {
  const result = new Map<number, PatternCounts>();
  const source = limit === undefined ? relation.sql : (relation.sample ?? `${relation.sql} LIMIT ${limit}`);
  for (let start = 0; start < columns.length; start += COLUMN_BATCH) {
    const batch = columns.slice(start, start + COLUMN_BATCH);
    const aggregates = batch.flatMap((i) => {
      const c = alias(i);
      const present = presentExpression(c);
      const fits = (pattern: string) =>
        `count_if(${present} AND regexp_full_match(${c}, ${literal(pattern)}))`;
      return [
        `count_if(${present}) AS p${i}`,
        `${fits(INTEGER_PATTERN)} AS i${i}`,
        `${fits(DECIMAL_PATTERN)} AS d${i}`,
        `${fits(BOOLEAN_PATTERN)} AS b${i}`,
        ...DATE_FORMATS.map((f, k) => `${fits(f.pattern)} AS t${i}_${k}`),
      ];
    });
    const [row = {}] = await rows(connection, `SELECT ${aggregates.join(', ')} FROM (${source})`);
    for (const i of batch) {
      result.set(i, {
        present: Number(row[`p${i}`]),
        integer: Number(row[`i${i}`]),
        decimal: Number(row[`d${i}`]),
        boolean: Number(row[`b${i}`]),
        dates: Object.fromEntries(DATE_FORMATS.map((f, k) => [f.id, Number(row[`t${i}_${k}`])])),
      });
    }
  }
  return result;
}

/** The typed value of text column `c` under a decision; NULL where the text does not fit. */
function typedExpression(c: string, decision: TypeDecision): string {
  const fits = (pattern: string) => `regexp_full_match(${c}, ${literal(pattern)})`;
  switch (decision.type) {
    case 'integer':
      return `CASE WHEN ${fits(INTEGER_PATTERN)} THEN CAST(${c} AS BIGINT) END`;
    case 'decimal':
      return `CASE WHEN ${fits(DECIMAL_PATTERN)} THEN CAST(${c} AS DOUBLE) END`;
    case 'boolean':
      return `CASE WHEN lower(${c}) IN (${TRUE_WORDS.map(literal).join(', ')}) THEN true WHEN ${fits(BOOLEAN_PATTERN)} THEN false END`;
    case 'datetime': {
      const format = DATE_FORMATS.find((f) => f.id === decision.dateFormat) ?? DATE_FORMATS[0];
      if (!format?.strptime)
        return `CASE WHEN ${fits(format?.pattern ?? '')} THEN CAST(TRY_CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP) END`;
      return `try_strptime(${c}, ${literal(format.strptime)})`;
    }
    default:
      return c;
  }
}

const CONTRADICTION = 'sightline-contradiction:';

/**
 * Writes the typed Parquet copy in one pass over the file, checking every value on the way: a
 * present value that does not fit its column's guessed type stops the copy with an error naming
 * the column, so the common case (the guess holds) costs no second pass. Returns the index of the
 * contradicted column, or undefined when the copy was written.
 */
async function writeTyped(
  connection: DuckDBConnection,
  relation: TextRelation,
  decisions: TypeDecision[],
  path: string,
): Promise<number | undefined> {
  const columns = decisions.map((d, i) => {
    const c = alias(i);
    if (d.type === 'string') return `${c} AS ${identifier(relation.names[i] as string)}`;
    // Only values that did not convert are checked against the null tokens.
    const missing = `lower(${c}) IN (${NULL_TOKENS.map(literal).join(', ')})`;
    return `CASE WHEN ${c} IS NULL THEN NULL ELSE coalesce(${typedExpression(c, d)}, CASE WHEN ${missing} THEN NULL ELSE error('${CONTRADICTION}${i}') END) END AS ${identifier(relation.names[i] as string)}`;
  });
  try {
    await connection.run(
      `COPY (SELECT ${columns.join(', ')} FROM (${relation.sql})) TO ${literal(path)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    return undefined;
  } catch (error) {
    const match = error instanceof Error ? new RegExp(`${CONTRADICTION}(\\d+)`).exec(error.message) : null;
    if (!match) throw error;
    await rm(path, { force: true });
    return Number(match[1]);
  }
}

interface ColumnFacts {
  rows: number;
  present: number[];
  unique: number[];
}

async function readFacts(connection: DuckDBConnection, path: string, names: string[]): Promise<ColumnFacts> {
  const facts: ColumnFacts = { rows: 0, present: [], unique: [] };
  for (let start = 0; start < names.length; start += COLUMN_BATCH) {
    const batch = names.slice(start, start + COLUMN_BATCH);
    const aggregates = batch.map((name, k) => `count(${identifier(name)}) AS p${start + k}`);
    const [row = {}] = await rows(
      connection,
      `SELECT count(*) AS n, ${aggregates.join(', ')} FROM read_parquet(${literal(path)})`,
    );
    facts.rows = Number(row.n);
    batch.forEach((_, k) => {
      facts.present[start + k] = Number(row[`p${start + k}`]);
    });
  }
  // One column at a time, as a grouped DISTINCT: that operator spills to disk, so a column of
  // millions of distinct values stays within the memory limit.
  for (const [i, name] of names.entries()) {
    const c = identifier(name);
    const [row = {}] = await rows(
      connection,
      `SELECT count(*) AS u FROM (SELECT DISTINCT ${c} FROM read_parquet(${literal(path)}) WHERE ${c} IS NOT NULL)`,
    );
    facts.unique[i] = Number(row.u);
  }
  return facts;
}

async function sampleValues(connection: DuckDBConnection, relation: TextRelation): Promise<string[][]> {
  const samples: string[][] = relation.names.map(() => []);
  for (let start = 0; start < relation.names.length; start += COLUMN_BATCH) {
    const batch = relation.names.slice(start, start + COLUMN_BATCH).map((_, k) => alias(start + k));
    const head = await rows(
      connection,
      `SELECT ${batch.join(', ')} FROM (${relation.sample ?? relation.sql}) LIMIT ${SAMPLE_VALUE_ROWS}`,
    );
    for (const row of head) {
      batch.forEach((c, k) => {
        const value = row[c];
        const list = samples[start + k] as string[];
        if (typeof value === 'string' && list.length < SAMPLE_VALUES && !list.includes(value))
          list.push(value);
      });
    }
  }
  return samples;
}

async function openRelation(
  connection: DuckDBConnection,
  input: ConversionInput,
  format: FileFormat,
  head: Uint8Array,
  size: number,
): Promise<TextRelation> {
  const path = literal(input.path);
  try {
    switch (format) {
      case 'csv':
      case 'tsv':
      case 'xlsx': {
        const csvPath = format === 'xlsx' ? `${input.workPath}.sheet.csv` : input.path;
        let csvHead = head;
        let complete = size <= HEAD_BYTES;
        if (format === 'xlsx') {
          await excelToCsv(input.path, csvPath, { fileName: input.fileName, sheet: input.sheet });
          ({ head: csvHead } = await readHead(csvPath));
          complete = (await stat(csvPath)).size <= HEAD_BYTES;
        }
        const dialect = sniffCsv(csvHead, {
          fileName: input.fileName,
          complete,
          ...(format === 'tsv' ? { forcedDelimiter: '\t' } : {}),
        });
        const relation = csvRelation(csvPath, dialect);
        if (complete || dialect.encoding === 'utf-16') return relation;
        // Types are first guessed on the head's complete records, copied to a small file:
        // DuckDB reads that in milliseconds, where LIMIT on the big file still costs a scan's start-up.
        const end = endOfCompleteRecords(csvHead.subarray(0, SAMPLE_BYTES), dialect.quote);
        if (end <= 0) return relation;
        const headPath = `${input.workPath}.head.csv`;
        await writeFile(headPath, csvHead.subarray(0, end));
        return { ...relation, sample: csvRelation(headPath, dialect).sql };
      }
      case 'json':
      case 'ndjson': {
        const layout = format === 'json' ? 'array' : 'newline_delimited';
        // Every record is read to learn the columns, so a key first seen late is not lost.
        return await describedRelation(
          connection,
          `read_json(${path}, format = ${literal(layout)}, records = true, sample_size = -1, maximum_object_size = 16777216)`,
        );
      }
      case 'parquet':
        return await describedRelation(connection, `read_parquet(${path})`);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && SYSTEM_FAILURE.test(error.message)) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw fileError(`${input.fileName} could not be read as ${format.toUpperCase()}: ${message}`);
  }
}

function wrapReadError(
  error: unknown,
  input: ConversionInput,
  format: FileFormat,
  relation: TextRelation,
): unknown {
  if (error instanceof Error && SYSTEM_FAILURE.test(error.message)) return error;
  if (error instanceof AppError) return error;
  if (relation.dialect) return csvReadError(error, input.fileName, relation.dialect);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return fileError(`${input.fileName} could not be read as ${format.toUpperCase()}: ${message}`);
}

/**
 * Reads an upload in any supported format, infers each column's type over the whole file,
 * and writes a typed Parquet copy with per-column statistics. Bad files throw a validation
 * AppError saying what is wrong and where.
 */
export async function convertToColumnar(
  engine: Engine,
  input: ConversionInput,
  limits: { maxColumns: number },
): Promise<ConversionResult> {
  const { head, size } = await readHead(input.path);
  if (size === 0) throw fileError(`${input.fileName} is empty: there is no header and no data`);
  const format = detectFormat(input.fileName, head, input.declaredFormat);
  const parquetPath = `${input.workPath}.parquet`;
  return engine.withConnection(async (connection) => {
    const relation = await openRelation(connection, input, format, head, size);
    checkColumnNames(relation.names, limits.maxColumns);
    const all = relation.names.map((_, i) => i);
    try {
      const sampled = await countPatterns(connection, relation, all, SAMPLE_ROWS);
      // A column empty in the sample is decided on the whole file before writing.
      const unseen = all.filter((i) => sampled.get(i)?.present === 0);
      const full = unseen.length > 0 ? await countPatterns(connection, relation, unseen) : new Map();
      const decisions = all.map((i) => decideColumnType(full.get(i) ?? (sampled.get(i) as PatternCounts)));

      // Whole-file counts are taken once, when a guess first fails; a column whose counts still
      // agree with its guess (values that look right but do not convert) is widened instead.
      let wholeFileCounted = false;
      for (let round = 0; ; round += 1) {
        const contradicted = await writeTyped(connection, relation, decisions, parquetPath);
        if (contradicted === undefined) break;
        if (round > relation.names.length + 2) throw new Error('column types did not settle');
        const before = decisions[contradicted] as TypeDecision;
        if (!wholeFileCounted) {
          wholeFileCounted = true;
          const typed = all.filter((i) => decisions[i]?.type !== 'string');
          const counted = await countPatterns(connection, relation, typed);
          for (const i of typed) decisions[i] = decideColumnType(counted.get(i) as PatternCounts);
        }
        const after = decisions[contradicted] as TypeDecision;
        if (after.type === before.type && after.dateFormat === before.dateFormat) {
          decisions[contradicted] = reviseDecision(before, after);
        }
      }
      const known = await readFacts(connection, parquetPath, relation.names);
      if (known.rows === 0) {
        throw fileError(
          format === 'json' || format === 'ndjson'
            ? `${input.fileName} contains no records`
            : `${input.fileName} has a header but no data rows`,
        );
      }
      const samples = await sampleValues(connection, relation);
      const columns: ColumnSchema[] = relation.names.map((name, i) => {
        const decision = decisions[i] as TypeDecision;
        const present = known.present[i] ?? 0;
        return {
          name,
          type: decision.type,
          ...(decision.dateFormat ? { dateFormat: decision.dateFormat } : {}),
          nullable: present < known.rows,
          uniqueValues: known.unique[i] ?? 0,
          sampleValues: samples[i] ?? [],
          present,
          conformity: decision.conformity,
        };
      });
      return {
        format,
        parquetPath,
        table: {
          rows: known.rows,
          columns,
          statistics: {
            totalRows: known.rows,
            completeness: completeness(columns, known.rows),
            dataQualityScore: dataQualityScore(columns, known.rows),
          },
        },
      };
    } catch (error) {
      throw wrapReadError(error, input, format, relation);
    } finally {
      await Promise.all(
        [`${input.workPath}.head.csv`, `${input.workPath}.sheet.csv`].map((path) =>
          rm(path, { force: true }),
        ),
      );
    }
  });
}
