import { Prisma, type Person } from "../db/generated/prisma/client.js";
import type { Gender, Institution } from "../db/generated/prisma/enums.js";
import type { Db } from "../db/prisma.js";
import { ConflictError, NikTakenError, NotFoundError, ValidationError } from "./write-errors.js";
import { homeColumnsOf } from "./places.js";
import { nikHashOf, sealPersonFields } from "../personal-data/personal-fields.js";
import { optionalText, requireRegion, requireText } from "./validate.js";

export interface PersonChanges {
  fullName?: string;
  nik?: string | null;
  phone?: string | null;
  email?: string | null;
  gender?: Gender | null;
  institution?: Institution;
  position?: string | null;
  homeRegionCode?: string;
}

export interface NewPerson extends PersonChanges {
  fullName: string;
  institution: Institution;
  homeRegionCode: string;
}

const nikPattern = /^\d{16}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9 ()-]{6,20}$/;

/** A civil ID number (NIK) is exactly 16 digits; spaces people type between groups are dropped. */
export function normalizeNik(nik: string | null | undefined): string | null {
  if (nik == null || nik.trim() === "") return null;
  const digits = nik.replace(/\s+/g, "");
  if (!nikPattern.test(digits)) throw new ValidationError("nik", `A NIK has exactly 16 digits, got "${nik}".`);
  return digits;
}

export function checkedContact(field: "email" | "phone", value: string | null | undefined): string | null {
  const text = optionalText(field, value, 120);
  const pattern = field === "email" ? emailPattern : phonePattern;
  if (text !== null && !pattern.test(text)) throw new ValidationError(field, `"${text}" is not a valid ${field}.`);
  return text;
}

async function homePlace(db: Db, homeRegionCode: string) {
  await requireRegion(db, "homeRegionCode", homeRegionCode);
  return homeColumnsOf(homeRegionCode);
}

/** Turns the database's unique-NIK violation (a race with another writer) into a NikTakenError. */
async function guardNikConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new NikTakenError();
    throw error;
  }
}

async function assertNikFree(db: Db, nik: string | null, exceptPersonId?: string): Promise<void> {
  if (nik === null) return;
  const holder = await db.person.findUnique({ where: { nikHash: nikHashOf(nik) }, select: { id: true } });
  if (holder && holder.id !== exceptPersonId) throw new NikTakenError();
}

export async function registerPerson(db: Db, input: NewPerson): Promise<Person> {
  const nik = normalizeNik(input.nik);
  const data = {
    fullName: requireText("fullName", input.fullName),
    ...sealPersonFields({ nik, phone: checkedContact("phone", input.phone), email: checkedContact("email", input.email) }),
    gender: input.gender ?? null,
    institution: input.institution,
    position: optionalText("position", input.position),
    ...(await homePlace(db, input.homeRegionCode)),
  };
  await assertNikFree(db, nik);
  return guardNikConflict(() => db.person.create({ data }));
}

export async function findPerson(db: Db, id: string): Promise<Person> {
  const person = await db.person.findUnique({ where: { id } });
  if (!person) throw new NotFoundError("person", id);
  return person;
}

/** An erased person stays erased: nothing may give them personal data again, nor enrol them anew. */
export function assertNotErased(person: Person, field: string): void {
  if (person.erasedAt) {
    throw new ConflictError(field, `This person's personal data was erased on ${person.erasedAt.toISOString()}: an erased person cannot be changed or enrolled.`);
  }
}

export async function updatePerson(db: Db, id: string, changes: PersonChanges): Promise<Person> {
  assertNotErased(await findPerson(db, id), "id");
  const data: Prisma.PersonUncheckedUpdateInput = {};
  if (changes.fullName !== undefined) data.fullName = requireText("fullName", changes.fullName);
  const nik = changes.nik !== undefined ? normalizeNik(changes.nik) : undefined;
  if (nik !== undefined) {
    await assertNikFree(db, nik, id);
  }
  const phone = changes.phone !== undefined ? checkedContact("phone", changes.phone) : undefined;
  const email = changes.email !== undefined ? checkedContact("email", changes.email) : undefined;
  Object.assign(data, sealPersonFields({ nik, phone, email }));
  if (changes.gender !== undefined) data.gender = changes.gender;
  if (changes.institution !== undefined) data.institution = changes.institution;
  if (changes.position !== undefined) data.position = optionalText("position", changes.position);
  if (changes.homeRegionCode !== undefined) Object.assign(data, await homePlace(db, changes.homeRegionCode));
  return guardNikConflict(() => db.person.update({ where: { id }, data }));
}
