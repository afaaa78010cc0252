import type { Gender, Institution, ParticipantRowInput } from "@p3pd/sdk";

/** A field of a participant row that a CSV column fills. */
export type Column = Exclude<keyof ParticipantRowInput, "line">;

/**
 * The headers an attendance sheet may use for each field, in English or Indonesian, compared
 * after trimming, lower-casing and collapsing spaces. They are the ones the API's own CSV import
 * (`p3pd import participants`) accepts, so one sheet works with both.
 */
const columnAliases: Record<Column, readonly string[]> = {
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

/** The columns a sheet cannot do without: who, where from, and where they live. */
export const requiredColumns: readonly Column[] = ["fullName", "institution", "homeRegionCode"];

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
  female: "FEMALE",
  f: "FEMALE",
  p: "FEMALE",
  perempuan: "FEMALE",
  wanita: "FEMALE",
  male: "MALE",
  m: "MALE",
  l: "MALE",
  "laki-laki": "MALE",
  pria: "MALE",
};

const normalize = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

// Maps, not the records themselves, so a header or value like "constructor" finds nothing inherited.
const columnByHeader = new Map(
  (Object.entries(columnAliases) as [Column, readonly string[]][]).flatMap(([column, aliases]) =>
    aliases.map((alias) => [alias, column] as const),
  ),
);
const institutionByName = new Map(Object.entries(institutionAliases));
const genderByName = new Map(Object.entries(genderAliases));

/** The field a header names, or undefined for a column the import does not use. */
export const columnOfHeader = (header: string): Column | undefined => columnByHeader.get(normalize(header));

export const institutionOf = (text: string): Institution | undefined => institutionByName.get(normalize(text));

export const genderOf = (text: string): Gender | undefined => genderByName.get(normalize(text));
