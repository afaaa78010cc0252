import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode } from "../regions/codes.js";
import { regionTable } from "../regions/queries.js";
import { average, childCoverage, rate, type CoverageFilter, type CoverageRow } from "./coverage.js";
import type { ColumnKind, Table, TableCell } from "./table.js";

/** Spreadsheet cells carry what a reader needs: rates to 4 decimals, averages to 2. */
const rounded = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

/** Columns of the coverage export: English header, Indonesian header, kind, value of a child row. */
const columns: [string, string, ColumnKind, (row: CoverageRow & { name: string }, filter: CoverageFilter) => TableCell][] = [
  ["Region code", "Kode wilayah", "text", (row) => row.code],
  ["Region name", "Nama wilayah", "text", (row) => row.name],
  ["ToT participants", "Peserta ToT", "count", (row) => row.totParticipants],
  ["Certified trainers", "Pelatih tersertifikasi", "count", (row) => row.certifiedTrainers],
  ["Kabupaten meeting trainer target", "Kabupaten memenuhi target pelatih", "count", (row) => row.kabupatenMeetingTrainerTarget],
  ["Kabupaten total", "Jumlah kabupaten", "count", (row) => row.kabupatenTotal],
  ["Trainer target per kabupaten", "Target pelatih per kabupaten", "count", (_row, filter) => filter.trainerTarget],
  ["Kecamatan trainings held", "Pelatihan kecamatan terlaksana", "count", (row) => row.kecamatanTrainingsHeld],
  ["Kecamatan trainings planned", "Pelatihan kecamatan direncanakan", "count", (row) => row.kecamatanTrainingsPlanned],
  ["Kecamatan apparatus trained", "Aparatur kecamatan terlatih", "count", (row) => row.kecamatanApparatusTrained],
  ["Kecamatan facilitators trained", "Fasilitator kecamatan terlatih", "count", (row) => row.facilitatorsTrained],
  ["Kecamatan covered", "Kecamatan terjangkau", "count", (row) => row.kecamatanCovered],
  ["Kecamatan total", "Jumlah kecamatan", "count", (row) => row.kecamatanTotal],
  ["Kecamatan coverage rate", "Rasio kecamatan terjangkau", "rate", (row) => rounded(rate(row.kecamatanCovered, row.kecamatanTotal), 4)],
  ["Village sessions held", "Sesi desa terlaksana", "count", (row) => row.villageSessionsHeld],
  ["Villages reached", "Desa/kelurahan terjangkau", "count", (row) => row.villagesReached],
  ["Villages total", "Jumlah desa/kelurahan", "count", (row) => row.villagesTotal],
  ["Village reach rate", "Rasio desa/kelurahan terjangkau", "rate", (row) => rounded(rate(row.villagesReached, row.villagesTotal), 4)],
  ["Desa reached", "Desa terjangkau", "count", (row) => row.desaReached],
  ["Desa total", "Jumlah desa", "count", (row) => row.desaTotal],
  ["Kelurahan reached", "Kelurahan terjangkau", "count", (row) => row.kelurahanReached],
  ["Kelurahan total", "Jumlah kelurahan", "count", (row) => row.kelurahanTotal],
  ["Desa adat reached", "Desa adat terjangkau", "count", (row) => row.desaAdatReached],
  ["Desa adat total", "Jumlah desa adat", "count", (row) => row.desaAdatTotal],
  ["Average pre-test score", "Rata-rata nilai pre-test", "average", (row) => rounded(average(row.preTestSum, row.preTestCount), 2)],
  ["Average post-test score", "Rata-rata nilai post-test", "average", (row) => rounded(average(row.postTestSum, row.postTestCount), 2)],
  ["Average gain", "Rata-rata peningkatan", "average", (row) => rounded(average(row.gainSum, row.gainCount), 2)],
];

/** One row per child region of `code` (provinces for the country), headers in English and Indonesian. */
export async function coverageTable(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<Table> {
  const rows = await childCoverage(prisma, code, filter);
  const level = rows[0]?.code ? levelOfCode(rows[0].code) : undefined;
  const regions = level ? await regionTable(prisma, level).findMany({ where: { code: { in: rows.flatMap((row) => (row.code ? [row.code] : [])) } } }) : [];
  const names = new Map(regions.map((region) => [region.code, region.name]));
  return {
    columns: columns.map(([english, indonesian, kind]) => ({ header: `${english} / ${indonesian}`, kind })),
    rows: rows.map((row) => columns.map(([, , , value]) => value({ ...row, name: (row.code && names.get(row.code)) ?? "" }, filter))),
  };
}
