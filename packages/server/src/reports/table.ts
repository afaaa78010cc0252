/** A cell of an exported table: text, a number, or empty. */
export type TableCell = string | number | null;

/** How a column's numbers read: counts, rates between 0 and 1, or average test scores. */
export type ColumnKind = "text" | "count" | "rate" | "average";

export interface TableColumn {
  header: string;
  kind: ColumnKind;
}

/** A table as every export format writes it: its columns, then one row of cells per record. */
export interface Table {
  columns: TableColumn[];
  rows: TableCell[][];
}
