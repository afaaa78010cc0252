import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode } from "../schema/region-codes.js";
import { regionTable } from "../schema/region-queries.js";
import { childCoverage, type CoverageFilter, type CoverageRow } from "./coverage.js";
import type { CsvCell } from "./csv.js";

const rate = (part: number, whole: number) => (whole === 0 ? null : Number((part / whole).toFixed(4)));
const average = (sum: number, count: number) => (count === 0 ? null : Number((sum / count).toFixed(2)));

/** Columns of the coverage export: English header, Indonesian header, value of a child row. */
const columns: [string, string, (row: CoverageRow & { name: string }, filter: CoverageFilter) => CsvCell][] = [
  ["Region code", "Kode wilayah", (row) => row.code],
  ["Region name", "Nama wilayah", (row) => row.name],
  ["ToT participants", "Peserta ToT", (row) => row.totParticipants],
  ["Certified trainers", "Pelatih tersertifikasi", (row) => row.certifiedTrainers],
  ["Kabupaten meeting trainer target", "Kabupaten memenuhi target pelatih", (row) => row.kabupatenMeetingTrainerTarget],
  ["Kabupaten total", "Jumlah kabupaten", (row) => row.kabupatenTotal],
  ["Trainer target per kabupaten", "Target pelatih per kabupaten", (_row, filter) => filter.trainerTarget],
  ["Kecamatan trainings held", "Pelatihan kecamatan terlaksana", (row) => row.kecamatanTrainingsHeld],
  ["Kecamatan trainings planned", "Pelatihan kecamatan direncanakan", (row) => row.kecamatanTrainingsPlanned],
  ["Kecamatan apparatus trained", "Aparatur kecamatan terlatih", (row) => row.kecamatanApparatusTrained],
  ["Kecamatan facilitators trained", "Fasilitator kecamatan terlatih", (row) => row.facilitatorsTrained],
  ["Kecamatan covered", "Kecamatan terjangkau", (row) => row.kecamatanCovered],
  ["Kecamatan total", "Jumlah kecamatan", (row) => row.kecamatanTotal],
  ["Kecamatan coverage rate", "Rasio kecamatan terjangkau", (row) => rate(row.kecamatanCovered, row.kecamatanTotal)],
  ["Village sessions held", "Sesi desa terlaksana", (row) => row.villageSessionsHeld],
  ["Villages reached", "Desa/kelurahan terjangkau", (row) => row.villagesReached],
  ["Villages total", "Jumlah desa/kelurahan", (row) => row.villagesTotal],
  ["Village reach rate", "Rasio desa/kelurahan terjangkau", (row) => rate(row.villagesReached, row.villagesTotal)],
  ["Desa reached", "Desa terjangkau", (row) => row.desaReached],
  ["Desa total", "Jumlah desa", (row) => row.desaTotal],
  ["Kelurahan reached", "Kelurahan terjangkau", (row) => row.kelurahanReached],
  ["Kelurahan total", "Jumlah kelurahan", (row) => row.kelurahanTotal],
  ["Desa adat reached", "Desa adat terjangkau", (row) => row.desaAdatReached],
  ["Desa adat total", "Jumlah desa adat", (row) => row.desaAdatTotal],
  ["Average pre-test score", "Rata-rata nilai pre-test", (row) => average(row.preTestSum, row.preTestCount)],
  ["Average post-test score", "Rata-rata nilai post-test", (row) => average(row.postTestSum, row.postTestCount)],
  ["Average gain", "Rata-rata peningkatan", (row) => average(row.gainSum, row.gainCount)],
];

/** One row per child region of `code` (provinces for the country), headers in English and Indonesian. */
export async function coverageTable(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<CsvCell[][]> {
  const rows = await childCoverage(prisma, code, filter);
  const level = rows[0]?.code ? levelOfCode(rows[0].code) : undefined;
  const regions = level ? await regionTable(prisma, level).findMany({ where: { code: { in: rows.flatMap((row) => (row.code ? [row.code] : [])) } } }) : [];
  const names = new Map(regions.map((region) => [region.code, region.name]));
  return [
    columns.map(([english, indonesian]) => `${english} / ${indonesian}`),
    ...rows.map((row) => columns.map(([, , value]) => value({ ...row, name: (row.code && names.get(row.code)) ?? "" }, filter))),
  ];
}
