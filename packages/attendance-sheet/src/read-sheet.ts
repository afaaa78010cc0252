import { parse } from "csv-parse/sync";
import { columnOfHeader, genderOf, institutionOf, requiredColumns, type AttendanceRow, type Column } from "./columns.js";

/** Something wrong with one line of the file. */
export interface LineIssue {
  line: number;
  field: string;
  message: string;
}

/** Every row of the sheet, or, when any line is wrong, every issue and no row. */
export type AttendanceSheet = { rows: AttendanceRow[]; issues: [] } | { rows: []; issues: LineIssue[] };

type NumberColumn = "daysAttended" | "preTestScore" | "postTestScore";
type CsvRecord = Partial<Record<Column, string>> & { line: number };

/**
 * Reads an attendance sheet as a spreadsheet exports it: UTF-8 (a BOM is fine), comma- or
 * semicolon-separated (Indonesian Excel uses ";"), one header row, headers in English or
 * Indonesian in any order. Every line that cannot become a row the API accepts is reported, so a
 * file goes out whole or not at all; what only the API can check (NIKs, region codes, who may
 * enrol whom) it checks.
 */
export function readAttendanceSheet(text: string): AttendanceSheet {
  let headers: string[] = [];
  const records = parse<CsvRecord, Partial<Record<Column, string>>>(text, {
    bom: true,
    delimiter: delimiterOf(text),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    // Known headers become field names; unknown ones are kept apart and ignored.
    columns: (header: string[]) => {
      headers = header;
      return header.map((name, index) => columnOfHeader(name) ?? `unknown column ${index}`);
    },
    on_record: (record, context) => ({ ...record, line: context.lines }),
  });
  const known = headers.map(columnOfHeader);
  const missing = requiredColumns.filter((column) => !known.includes(column));
  if (missing.length > 0) {
    const read = headers.length > 0 ? headers.join(", ") : "none: the file is empty";
    return { rows: [], issues: [{ line: 1, field: "header", message: `Missing column(s): ${missing.join(", ")} (headers read: ${read}).` }] };
  }
  const issues: LineIssue[] = [];
  const rows = records.map((record) => toRow(record, issues));
  return issues.length > 0 ? { rows: [], issues } : { rows, issues: [] };
}

/** The separator with more occurrences in the header line. */
function delimiterOf(text: string): "," | ";" {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (separator: string) => header.split(separator).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

function toRow(record: CsvRecord, issues: LineIssue[]): AttendanceRow {
  const { line } = record;
  const cell = (column: Column) => record[column]?.trim() || undefined;
  // Counts and scores are whole numbers; a fraction is refused here, with its line, rather than by
  // the API's Int for the whole request.
  const wholeNumber = (column: NumberColumn) => {
    const value = cell(column);
    if (value === undefined) return null;
    const parsed = Number(value.replace(",", "."));
    if (!Number.isInteger(parsed)) issues.push({ line, field: column, message: `"${value}" is not a whole number.` });
    return Number.isInteger(parsed) ? parsed : null;
  };
  const institutionText = cell("institution") ?? "";
  const institution = institutionOf(institutionText);
  if (!institution) {
    issues.push({
      line,
      field: "institution",
      message: `Unknown institution "${institutionText}" (e.g. Inspektorat, Bappeda, Disdukcapil, Bagian Pemerintahan, DPMD, Kecamatan, Fasilitator Kecamatan, Desa).`,
    });
  }
  const genderText = cell("gender");
  const gender = genderText === undefined ? null : (genderOf(genderText) ?? null);
  if (genderText !== undefined && gender === null) {
    issues.push({ line, field: "gender", message: `Unknown gender "${genderText}" (L/P or MALE/FEMALE).` });
  }
  return {
    line,
    fullName: cell("fullName") ?? "",
    nik: cell("nik") ?? null,
    gender,
    institution: institution ?? "OTHER",
    position: cell("position") ?? null,
    homeRegionCode: cell("homeRegionCode") ?? "",
    phone: cell("phone") ?? null,
    email: cell("email") ?? null,
    daysAttended: wholeNumber("daysAttended"),
    preTestScore: wholeNumber("preTestScore"),
    postTestScore: wholeNumber("postTestScore"),
  };
}
