/**
 * The program's reference data, as stated in the ministry's release of 28 June 2024
 * (`shared/seed/`). Where the release is vague the data stays vague: stage 1 is known only as
 * "March 2024", so it has no days; stage 3 has no stated end; venues are stated only for stage 3.
 */

/** Participants at each provincial Training of Trainers ("120 peserta dari masing-masing provinsi"). */
export const participantsPerProvince = 120;

export interface StageReference {
  number: number;
  name: string;
  period: string;
  startsOn: string | null;
  endsOn: string | null;
  provinces: { code: string; venueCity: string | null }[];
}

export const stages: StageReference[] = [
  {
    number: 1,
    name: "Tahap 1",
    period: "March 2024",
    startsOn: null,
    endsOn: null,
    provinces: [
      { code: "11", venueCity: null }, // Aceh
      { code: "35", venueCity: null }, // Jawa Timur
      { code: "52", venueCity: null }, // Nusa Tenggara Barat
    ],
  },
  {
    number: 2,
    name: "Tahap 2",
    period: "18–22 June 2024",
    startsOn: "2024-06-18",
    endsOn: "2024-06-22",
    provinces: [
      { code: "12", venueCity: null }, // Sumatera Utara
      { code: "33", venueCity: null }, // Jawa Tengah
      { code: "53", venueCity: null }, // Nusa Tenggara Timur
    ],
  },
  {
    number: 3,
    name: "Tahap 3",
    period: "From 28 June 2024",
    startsOn: "2024-06-28",
    endsOn: null,
    provinces: [
      { code: "63", venueCity: "Banjarmasin" }, // Kalimantan Selatan
      { code: "64", venueCity: "Samarinda" }, // Kalimantan Timur
      { code: "71", venueCity: "Manado" }, // Sulawesi Utara
      { code: "73", venueCity: "Makassar" }, // Sulawesi Selatan
    ],
  },
];

/** The eight ToT modules, numbered in the order the release lists them. */
export const curriculumModules = [
  { number: 1, name: "Kepemimpinan", nameEn: "Leadership" },
  { number: 2, name: "Kemitraan", nameEn: "Partnership" },
  { number: 3, name: "Manajemen pelatihan", nameEn: "Training management" },
  { number: 4, name: "Sinkronisasi perencanaan desa dan daerah", nameEn: "Synchronising village and regional planning" },
  { number: 5, name: "Pembinaan dan pengawasan", nameEn: "Guidance and supervision" },
  { number: 6, name: "Pengelolaan rumah bersama kecamatan", nameEn: "Managing the kecamatan shared house" },
  { number: 7, name: "Pemanfaatan dashboard", nameEn: "Using the dashboard" },
  { number: 8, name: "Praktek melatih dan evaluasi", nameEn: "Training practice and evaluation" },
];
