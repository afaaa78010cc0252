import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { packageFile } from "../paths.js";
import type { KabupatenKind, VillageKind } from "../db/generated/prisma/enums.js";

/**
 * The administrative tree as the `idn-area-data` package ships it (CSV files under `data/`).
 * Its JS entry needs Node 22, so the CSV files are read directly, with a real CSV parser:
 * some names hold commas and doubled quotes.
 */
export interface AreaTree {
  version: string;
  provinces: { code: string; name: string }[];
  kabupatens: { code: string; provinceCode: string; name: string; kind: KabupatenKind }[];
  kecamatans: { code: string; kabupatenCode: string; name: string }[];
  villages: { code: string; kecamatanCode: string; name: string; kind: VillageKind }[];
}

export class AreaDataError extends Error {}

const dataFile = (name: string) => packageFile("idn-area-data/package.json", `data/${name}`);

/** Reads a CSV file with a header row, checking that the columns this importer relies on are there. */
async function readCsv<Column extends string>(name: string, columns: Column[]): Promise<Record<Column, string>[]> {
  const rows: Record<Column, string>[] = parse(await readFile(dataFile(name), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  });
  const header = rows[0] ?? {};
  const missing = columns.filter((column) => rows.length > 0 && !(column in header));
  if (missing.length > 0) throw new AreaDataError(`${name}: missing column(s) ${missing.join(", ")}`);
  return rows;
}

/** "Kabupaten Aceh Selatan" → KABUPATEN, "Kota Banda Aceh" → KOTA. */
export function kabupatenKindOf(name: string): KabupatenKind {
  if (name.startsWith("Kabupaten ")) return "KABUPATEN";
  if (name.startsWith("Kota ")) return "KOTA";
  throw new AreaDataError(`Kabupaten/kota name starts with neither "Kabupaten" nor "Kota": "${name}"`);
}

/** The first digit of a village code's last segment: 1xxx kelurahan, 2xxx desa, 3xxx desa adat. */
export function villageKindOf(code: string): VillageKind {
  const firstDigit = code.split(".")[3]?.[0];
  switch (firstDigit) {
    case "1":
      return "KELURAHAN";
    case "2":
      return "DESA";
    case "3":
      return "DESA_ADAT";
    default:
      throw new AreaDataError(`Village code ${code} has no kind digit (1, 2 or 3)`);
  }
}

/** The installed idn-area-data version: a later start compares it before reading any CSV. */
export async function areaTreeVersion(): Promise<string> {
  const packageJson = JSON.parse(await readFile(packageFile("idn-area-data/package.json", "package.json"), "utf8")) as {
    version: string;
  };
  return packageJson.version;
}

export async function readAreaTree(): Promise<AreaTree> {
  const [provinces, regencies, districts, villages] = await Promise.all([
    readCsv("provinces.csv", ["code", "name"]),
    readCsv("regencies.csv", ["code", "province_code", "name"]),
    readCsv("districts.csv", ["code", "regency_code", "name"]),
    readCsv("villages.csv", ["code", "district_code", "name"]),
  ]);
  return {
    version: await areaTreeVersion(),
    provinces: provinces.map((row) => ({ code: row.code, name: row.name })),
    kabupatens: regencies.map((row) => ({
      code: row.code,
      provinceCode: row.province_code,
      name: row.name,
      kind: kabupatenKindOf(row.name),
    })),
    kecamatans: districts.map((row) => ({ code: row.code, kabupatenCode: row.regency_code, name: row.name })),
    villages: villages.map((row) => ({
      code: row.code,
      kecamatanCode: row.district_code,
      name: row.name,
      kind: villageKindOf(row.code),
    })),
  };
}
