import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AppError } from '@sightline/errors';
import type ExcelJS from 'exceljs';

/** One cell as CSV text: dates as ISO 8601, formulas by their result, rich text flattened. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

function unreadable(fileName: string, why: string): AppError {
  return new AppError('validation', `${fileName} could not be read as an Excel workbook (.xlsx): ${why}`, {
    field: 'file',
  });
}

/**
 * Streams one worksheet of an .xlsx file into a UTF-8 CSV file without loading the workbook:
 * `sheet` is a sheet name or a 1-based number, the first sheet by default.
 */
export async function excelToCsv(
  path: string,
  csvPath: string,
  options: { fileName: string; sheet?: string | undefined },
): Promise<void> {
  const first = await streamSheet(path, csvPath, options);
  if (first === 'done') return;
  // The sheet was asked for by name, but the workbook stores its sheet names after the sheets,
  // so a streaming reader meets each sheet before its name: read again, names now known.
  if ((await streamSheet(path, csvPath, options, first)) !== 'done') {
    throw unreadable(options.fileName, 'its sheet names could not be matched to its sheets');
  }
}

/** What the streaming reader learns from `xl/workbook.xml` and its relationships. */
interface WorkbookStructure {
  model?: { sheets?: unknown[] };
  workbookRels?: unknown;
}

/**
 * One streaming pass. Answers the workbook's structure instead of `done` when a sheet named by
 * the caller could not be recognised because the names come after the sheets in the file.
 */
async function streamSheet(
  path: string,
  csvPath: string,
  options: { fileName: string; sheet?: string | undefined },
  known?: WorkbookStructure,
): Promise<'done' | WorkbookStructure> {
  const out = createWriteStream(csvPath);
  const wanted = options.sheet?.trim();
  const seen: string[] = [];
  let found = false;
  try {
    // Loaded on the first workbook only: the Excel reader costs ~27 MB of memory in every replica.
    const { default: excel } = await import('exceljs');
    const workbook = new excel.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    // exceljs looks sheet names up in `model` as each sheet arrives and fails when the names
    // have not been read yet; start from what an earlier pass learned, or from no names.
    const structure = workbook as unknown as WorkbookStructure;
    structure.model = known?.model ?? { sheets: [] };
    if (known?.workbookRels) structure.workbookRels = known.workbookRels;
    let index = 0;
    let namesMissing = false;
    const byName = wanted !== undefined && !/^\d+$/.test(wanted);
    for await (const worksheet of workbook) {
      index += 1;
      if (byName && (structure.model?.sheets?.length ?? 0) === 0) namesMissing = true;
      const name = String((worksheet as unknown as { name?: string }).name ?? `Sheet${index}`);
      seen.push(name);
      const chosen =
        !namesMissing && (wanted === undefined ? index === 1 : wanted === name || wanted === String(index));
      if (!chosen || found) {
        for await (const _row of worksheet) {
          // Rows of sheets not asked for are read past, not kept.
        }
        continue;
      }
      found = true;
      let width = 0;
      for await (const row of worksheet) {
        const values = (row as ExcelJS.Row).values as ExcelJS.CellValue[];
        // Row values are 1-based; the header row fixes the width.
        const cells = values.slice(1).map(cellText);
        if (width === 0) width = cells.length;
        while (cells.length < width) cells.push('');
        if (cells.every((c) => c === '')) continue;
        if (!out.write(`${cells.map(csvField).join(',')}\n`)) await once(out, 'drain');
      }
    }
    if (namesMissing && !found) {
      out.destroy();
      return { model: structure.model, workbookRels: structure.workbookRels };
    }
  } catch (error) {
    out.destroy();
    if (error instanceof AppError) throw error;
    throw unreadable(options.fileName, error instanceof Error ? error.message : String(error));
  }
  out.end();
  await once(out, 'finish');
  if (!found) {
    if (seen.length === 0) throw unreadable(options.fileName, 'it has no worksheets');
    throw new AppError(
      'validation',
      `${options.fileName} has no sheet "${wanted}"; its sheets are ${seen.map((s) => `"${s}"`).join(', ')}`,
      { field: 'sheet' },
    );
  }
  return 'done';
}
