import type { Gender, Institution } from "../db/generated/prisma/enums.js";
import { placeOfCode } from "../cascade/places.js";
import { addDays, daysBetween } from "./calendar.js";
import { emailFor, phoneNumber } from "./contact.js";
import { fullNameFor } from "./names.js";
import type { NikRegistry } from "./nik.js";
import type { Random } from "./random.js";

/** A demo person, in the columns of the `person` table. */
export interface PersonRow {
  id: string;
  fullName: string;
  nik: string;
  phone: string;
  email: string | null;
  gender: Gender;
  institution: Institution;
  position: string;
  homeProvinceCode: string;
  homeKabupatenCode: string | null;
  homeKecamatanCode: string | null;
  homeVillageCode: string | null;
  /** The day the record was made: the start of the person's first training. */
  recordedOn: string;
}

export interface PersonSpec {
  institution: Institution;
  position: string;
  /** The home region's code, at any level. */
  homeCode: string;
  /**
   * The kecamatan that registered the person's NIK: the home's own kecamatan, or for a
   * kabupaten-level home (a kabupaten official) one of that kabupaten's kecamatan.
   */
  nikKecamatanCode: string;
  bornFrom: number;
  bornTo: number;
  femaleShare: number;
  recordedOn: string;
}

export function makePerson(random: Random, niks: NikRegistry, spec: PersonSpec): PersonRow {
  const place = placeOfCode(spec.homeCode);
  const gender: Gender = random.chance(spec.femaleShare) ? "FEMALE" : "MALE";
  const fullName = fullNameFor(random, gender, place.provinceCode);
  const firstDay = `${spec.bornFrom}-01-01`;
  const birthDate = addDays(firstDay, random.int(0, daysBetween(firstDay, `${spec.bornTo}-12-31`)));
  return {
    id: random.uuid(),
    fullName,
    nik: niks.issue(spec.nikKecamatanCode, birthDate, gender),
    phone: phoneNumber(random),
    email: emailFor(random, fullName),
    gender,
    institution: spec.institution,
    position: spec.position,
    homeProvinceCode: place.provinceCode,
    homeKabupatenCode: place.kabupatenCode,
    homeKecamatanCode: place.kecamatanCode,
    homeVillageCode: place.villageCode,
    recordedOn: spec.recordedOn,
  };
}
