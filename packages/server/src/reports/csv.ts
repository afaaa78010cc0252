import type { TableCell } from "./table.js";

const needsQuotes = /[",\r\n]/;

function csvCell(cell: TableCell): string {
  if (cell === null) return "";
  const text = String(cell);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled inside quoted cells), as UTF-8 with a byte-order
 * mark: without it Excel reads UTF-8 as the local code page and garbles names.
 */
export function toCsv(rows: TableCell[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
