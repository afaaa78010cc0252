/**
 * Rows of cells as indented lines, each column padded to its widest cell and columns two spaces
 * apart, so names with single spaces stay readable and a script can split on two or more spaces.
 */
export function alignedRows(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ")}`.trimEnd());
}
