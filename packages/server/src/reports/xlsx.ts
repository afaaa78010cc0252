import writeXlsxFile, { type Cell, type SheetData } from "write-excel-file/node";
import type { ColumnKind, Table, TableCell } from "./table.js";

/** Excel number formats per kind of column: numbers stay numbers, shown the way people read them. */
const formatOfKind: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: "#,##0",
  rate: "0.00%",
  average: "0.00",
};

/** Wide enough for the English half of most headers; the header row wraps the rest. */
const widthOfKind: Record<ColumnKind, number> = { text: 16, count: 14, rate: 14, average: 14 };

function xlsxCell(value: TableCell, kind: ColumnKind): Cell {
  if (value === null) return null;
  // Region codes are text: typed in a cell, "73.10" would become the number 73.1.
  return typeof value === "number" ? { value, type: Number, format: formatOfKind[kind] } : { value, type: String };
}

/**
 * One worksheet: a bold, frozen header row, then the rows with proper numeric cells (counts,
 * rates and averages are numbers a spreadsheet can sum and chart, not text).
 */
export function toXlsx(table: Table, sheet: string): Promise<Buffer> {
  const header: Cell[] = table.columns.map(({ header: value }) => ({ value, type: String, fontWeight: "bold", wrap: true }));
  const data: SheetData = [
    header,
    ...table.rows.map((row) => row.map((value, index) => xlsxCell(value, table.columns[index]?.kind ?? "text"))),
  ];
  return writeXlsxFile(data, {
    sheet,
    columns: table.columns.map(({ kind }) => ({ width: widthOfKind[kind] })),
    stickyRowsCount: 1,
  }).toBuffer();
}
