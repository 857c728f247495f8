/** A SQL string literal; every path and value we put in SQL goes through this or a bound parameter. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, safe for any column name a file brings. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
