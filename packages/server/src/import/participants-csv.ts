import { parse } from "csv-parse/sync";
import { Gender, Institution } from "../db/generated/prisma/enums.js";
import { InvalidRowsError, type RowIssue } from "../cascade/errors.js";
import type { ParticipantRow } from "../cascade/participant-import.js";

/**
 * Reads an attendance sheet exported from a spreadsheet: UTF-8 (a BOM is fine), comma- or
 * semicolon-separated (Indonesian Excel uses ";"), one header row. Headers may be in English or
 * Indonesian, in any case and order; see `columnAliases`. Line numbers in errors are the file's.
 */
const columnAliases: Record<keyof Omit<ParticipantRow, "line">, string[]> = {
  fullName: ["fullname", "full_name", "name", "nama", "nama lengkap", "nama peserta"],
  nik: ["nik", "no nik", "nomor induk kependudukan"],
  gender: ["gender", "jenis kelamin", "jk", "l/p"],
  institution: ["institution", "instansi", "asal instansi", "opd", "lembaga"],
  position: ["position", "jabatan"],
  homeRegionCode: ["homeregioncode", "home_region_code", "region code", "kode wilayah", "kode domisili", "kode"],
  phone: ["phone", "telepon", "no hp", "hp", "no telepon", "nomor hp"],
  email: ["email", "e-mail", "surel"],
  daysAttended: ["daysattended", "days_attended", "days attended", "hari hadir", "kehadiran", "jumlah hari hadir"],
  preTestScore: ["pretestscore", "pre_test_score", "pre-test", "pre test", "pretest", "nilai pre-test", "nilai pre test"],
  postTestScore: ["posttestscore", "post_test_score", "post-test", "post test", "posttest", "nilai post-test", "nilai post test"],
};

const institutionAliases: Record<string, Institution> = {
  inspektorat: "INSPEKTORAT",
  bappeda: "BAPPEDA",
  "badan pembangunan dan perencanaan daerah": "BAPPEDA",
  disdukcapil: "DISDUKCAPIL",
  dukcapil: "DISDUKCAPIL",
  "dinas kependudukan dan catatan sipil": "DISDUKCAPIL",
  setda_pemerintahan: "SETDA_PEMERINTAHAN",
  "bagian pemerintahan": "SETDA_PEMERINTAHAN",
  "bagian pemerintahan setda": "SETDA_PEMERINTAHAN",
  dpmd: "DPMD",
  "dinas pmd": "DPMD",
  "dinas pemberdayaan masyarakat": "DPMD",
  "dinas pemberdayaan masyarakat dan desa": "DPMD",
  kecamatan: "KECAMATAN",
  fasilitator_kecamatan: "FASILITATOR_KECAMATAN",
  "fasilitator kecamatan": "FASILITATOR_KECAMATAN",
  desa: "DESA",
  other: "OTHER",
  lainnya: "OTHER",
};

const genderAliases: Record<string, Gender> = {
  female: "FEMALE", f: "FEMALE", p: "FEMALE", perempuan: "FEMALE", wanita: "FEMALE",
  male: "MALE", m: "MALE", l: "MALE", "laki-laki": "MALE", pria: "MALE",
};

const normalize = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

function columnOf(header: string): Column | undefined {
  const name = normalize(header);
  return (Object.keys(columnAliases) as Column[]).find((column) => columnAliases[column].includes(name));
}

type Column = keyof typeof columnAliases;
type CsvRecord = Partial<Record<Column, string>> & { line: number };

export function parseParticipantsCsv(text: string): ParticipantRow[] {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let headers: string[] = [];
  const records = parse<CsvRecord, Partial<Record<Column, string>>>(text, {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    // Known headers become our field names; unknown ones are kept apart and ignored.
    columns: (header: string[]) => {
      headers = header;
      return header.map((name, index) => columnOf(name) ?? `unknown column ${index}`);
    },
    on_record: (record, context) => ({ ...record, line: context.lines }),
  });
  const known = headers.map(columnOf);
  const missing = (["fullName", "institution", "homeRegionCode"] as const).filter((required) => !known.includes(required));
  if (missing.length > 0) {
    const read = headers.length > 0 ? headers.join(", ") : "none: the file is empty";
    throw new InvalidRowsError([{ line: 1, field: "header", message: `Missing column(s): ${missing.join(", ")} (headers read: ${read}).` }]);
  }

  const issues: RowIssue[] = [];
  const rows = records.map((record) => {
    const { line } = record;
    const cell = (column: Column) => record[column]?.trim() || undefined;
    const number = (column: "daysAttended" | "preTestScore" | "postTestScore") => {
      const value = cell(column);
      if (value === undefined) return null;
      const parsed = Number(value.replace(",", "."));
      if (!Number.isFinite(parsed)) issues.push({ line, field: column, message: `"${value}" is not a number.` });
      return parsed;
    };
    const institutionText = cell("institution") ?? "";
    const institution = institutionAliases[normalize(institutionText)];
    if (!institution) issues.push({ line, field: "institution", message: `Unknown institution "${institutionText}" (e.g. Inspektorat, Bappeda, Disdukcapil, Bagian Pemerintahan, DPMD, Kecamatan, Fasilitator Kecamatan, Desa).` });
    const genderText = cell("gender");
    const gender = genderText === undefined ? null : (genderAliases[normalize(genderText)] ?? null);
    if (genderText !== undefined && gender === null) issues.push({ line, field: "gender", message: `Unknown gender "${genderText}" (L/P or MALE/FEMALE).` });
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
      daysAttended: number("daysAttended"),
      preTestScore: number("preTestScore"),
      postTestScore: number("postTestScore"),
    } satisfies ParticipantRow;
  });
  if (issues.length > 0) throw new InvalidRowsError(issues);
  return rows;
}
