import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { excelToCsv } from '../../src/engine/excel.js';

interface ZipEntry {
  name: string;
  dir: boolean;
  async(type: 'nodebuffer'): Promise<Buffer>;
}
interface Zip {
  files: Record<string, ZipEntry>;
  file(name: string, data: Buffer): void;
  generateAsync(options: { type: 'nodebuffer'; compression: 'DEFLATE' }): Promise<Buffer>;
}
interface ZipModule {
  loadAsync(data: Buffer): Promise<Zip>;
  new (): Zip;
}

// jszip comes with exceljs; used here only to reorder a workbook's parts.
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as ZipModule;

async function workbookBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const orders = workbook.addWorksheet('Orders');
  orders.addRow(['order', 'amount']);
  orders.addRow(['A-1', 12.5]);
  const targets = workbook.addWorksheet('Targets');
  targets.addRow(['region', 'target']);
  targets.addRow(['North', 100]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same workbook with `xl/workbook.xml` (the sheet names) stored after the sheets. */
async function workbookNamesLast(bytes: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const names = Object.keys(source.files).filter((name) => !source.files[name]?.dir);
  // Relationships and shared strings first, then the sheets, the names last: a streaming reader
  // meets each sheet knowing everything but its name.
  const early = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'].filter((n) => names.includes(n));
  const order = [
    ...early,
    ...names.filter((n) => !early.includes(n) && n !== 'xl/workbook.xml'),
    'xl/workbook.xml',
  ];
  const target = new JSZip();
  for (const name of order) target.file(name, await (source.files[name] as ZipEntry).async('nodebuffer'));
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('excelToCsv', () => {
  it.each([
    ['in the usual order', false],
    ['with the sheet names stored after the sheets', true],
  ])('reads the first sheet and a sheet by name, parts %s', async (_label, namesLast) => {
    const dir = tmpdir();
    const path = join(dir, `sightline-excel-${process.pid}-${namesLast}.xlsx`);
    const csv = `${path}.csv`;
    const plain = await workbookBytes();
    await writeFile(path, namesLast ? await workbookNamesLast(plain) : plain);
    try {
      await excelToCsv(path, csv, { fileName: 'book.xlsx' });
      expect(await readFile(csv, 'utf8')).toBe('order,amount\nA-1,12.5\n');
      await excelToCsv(path, csv, { fileName: 'book.xlsx', sheet: 'Targets' });
      expect(await readFile(csv, 'utf8')).toBe('region,target\nNorth,100\n');
    } finally {
      await rm(path, { force: true });
      await rm(csv, { force: true });
    }
  });
});
