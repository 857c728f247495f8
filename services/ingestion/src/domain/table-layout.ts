import { AppError } from '@sightline/errors';

/**
 * Refuses column names a table cannot be queried by: too many columns, blank names and
 * duplicates (ignoring case, since questions name columns in any case). Positions are 1-based.
 */
export function checkColumnNames(names: readonly string[], maxColumns: number): void {
  if (names.length > maxColumns) {
    throw new AppError(
      'validation',
      `The file has ${names.length.toLocaleString('en-US')} columns; at most ${maxColumns.toLocaleString('en-US')} are supported. Split it into narrower tables`,
      { field: 'file', details: { columns: names.length, max_columns: maxColumns } },
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const position = index + 1;
    if (name.trim() === '') {
      throw new AppError('validation', `Column ${position} has no name in the header; name every column`, {
        field: 'file',
        details: { column: position },
      });
    }
    const key = name.trim().toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new AppError(
        'validation',
        `Column names must be unique: "${name}" is both column ${earlier} and column ${position}`,
        { field: 'file', details: { column: position, name } },
      );
    }
    seen.set(key, position);
  });
}
