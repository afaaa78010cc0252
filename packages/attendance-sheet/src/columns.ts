/** The participant's sex, as the API's `Gender` enum spells it. */
export type Gender = "FEMALE" | "MALE";

/** The participant's home institution, as the API's `Institution` enum spells it. */
export type Institution =
  | "INSPEKTORAT"
  | "BAPPEDA"
  | "DISDUKCAPIL"
  | "SETDA_PEMERINTAHAN"
  | "DPMD"
  | "KECAMATAN"
  | "FASILITATOR_KECAMATAN"
  | "DESA"
  | "OTHER";

/** One participant of the sheet, as `importParticipants` takes it, with the file's line. */
export interface AttendanceRow {
  /** The line of the file the row starts on (1 is the header), which import errors echo. */
  line: number;
  fullName: string;
  nik: string | null;
  gender: Gender | null;
  institution: Institution;
  position: string | null;
  homeRegionCode: string;
  phone: string | null;
  email: string | null;
  daysAttended: number | null;
  preTestScore: number | null;
  postTestScore: number | null;
}

/** A field of a row that a column of the sheet fills. */
export type Column = Exclude<keyof AttendanceRow, "line">;

/**
 * The headers a sheet may use for each field, in English or Indonesian, compared after trimming,
 * lower-casing and collapsing spaces.
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
