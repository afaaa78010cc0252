import type { Institution, VillageKind } from "../db/generated/prisma/enums.js";
import type { Random } from "./random.js";

/** Job titles as they appear in Indonesian local government, by institution. */
const positions: Record<Exclude<Institution, "DESA" | "OTHER">, readonly string[]> = {
  INSPEKTORAT: ["Auditor Ahli Pertama", "Auditor Ahli Muda", "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah"],
  BAPPEDA: ["Perencana Ahli Pertama", "Perencana Ahli Muda", "Kepala Subbidang Pemerintahan"],
  DISDUKCAPIL: ["Kepala Seksi Identitas Penduduk", "Kepala Seksi Pendaftaran Penduduk", "Administrator Database Kependudukan"],
  SETDA_PEMERINTAHAN: ["Kepala Bagian Pemerintahan", "Kepala Subbagian Otonomi Daerah", "Analis Kebijakan"],
  DPMD: ["Kepala Bidang Pemerintahan Desa", "Kepala Seksi Penataan Desa", "Kepala Bidang Pemberdayaan Masyarakat"],
  KECAMATAN: ["Sekretaris Kecamatan", "Kepala Seksi Pemerintahan", "Kepala Seksi Pemberdayaan Masyarakat Desa"],
  FASILITATOR_KECAMATAN: ["Fasilitator Kecamatan"],
};

/** A village's officials are titled by its kind: a kelurahan has a lurah, a desa a kepala desa. */
const villagePositions: Record<VillageKind, readonly string[]> = {
  DESA: ["Kepala Desa", "Sekretaris Desa", "Kepala Urusan Perencanaan"],
  KELURAHAN: ["Lurah", "Sekretaris Kelurahan", "Kepala Seksi Pemerintahan Kelurahan"],
  DESA_ADAT: ["Kepala Kampung Adat", "Sekretaris Kampung"],
};

export function positionIn(random: Random, institution: keyof typeof positions): string {
  return random.pick(positions[institution]);
}

export function villagePosition(random: Random, kind: VillageKind): string {
  return random.pick(villagePositions[kind]);
}
