import DataLoader from "dataloader";
import { homeWithin, trainingPlaceFilter } from "../cascade/places.js";
import type { Prisma } from "../db/generated/prisma/client.js";
import type { Db } from "../db/prisma.js";
import type { Caller } from "./caller.js";

/**
 * Row-level access, as DHIS2 does with data-view organisation units: a STAFF key sees the
 * trainings held in its region's subtree, their enrollments, and the people who live there or
 * take part in those trainings. Nothing else of the cascade exists for it: connections leave the
 * rest out (their counts included) and a row reached any other way (by `node(id)`, through a
 * relation) is refused. Other roles see the whole country.
 *
 * The same Prisma filters serve both purposes, so what a list shows and what a lookup allows
 * cannot drift apart.
 */
export interface RegionAccess {
  /** The subtree the caller is confined to; null for the whole country. */
  readonly regionCode: string | null;
  /** Whether `code` (a region of any level; null for the whole country) lies in the caller's subtree. */
  covers(code: string | null): boolean;
  readonly trainings: Prisma.TrainingWhereInput;
  readonly enrollments: Prisma.EnrollmentWhereInput;
  readonly people: Prisma.PersonWhereInput;
  canSeeTraining(id: string): Promise<boolean>;
  canSeeEnrollment(id: string): Promise<boolean>;
  canSeePerson(id: string): Promise<boolean>;
}

/** The whole country: what ADMIN and PARTNER keys reach, and the local operator of the CLI. */
export const nationalAccess: RegionAccess = {
  regionCode: null,
  covers: () => true,
  trainings: {},
  enrollments: {},
  people: {},
  canSeeTraining: async () => true,
  canSeeEnrollment: async () => true,
  canSeePerson: async () => true,
};

/** Whether `code` is `regionCode` or lies below it ("73.71.01" lies below "73" and "73.71"). */
function regionCovers(regionCode: string, code: string): boolean {
  return code === regionCode || code.startsWith(`${regionCode}.`);
}

/**
 * Whether the caller reaches region `code` (null: the whole country): everyone but a STAFF key
 * reaches everything; a STAFF key its own region and those below it, never the whole country.
 */
export function callerCovers(caller: Caller, code: string | null): boolean {
  if (caller.role !== "STAFF" || caller.regionCode === null) return true;
  return code !== null && regionCovers(caller.regionCode, code);
}

/** Which of `ids` match `where`, in one query per batch. */
function visibilityLoader(findVisible: (ids: string[]) => Promise<{ id: string }[]>): DataLoader<string, boolean> {
  return new DataLoader(async (ids) => {
    const visible = new Set((await findVisible([...ids])).map((row) => row.id));
    return ids.map((id) => visible.has(id));
  });
}

export function regionAccessFor(caller: Caller, db: Db): RegionAccess {
  if (caller.role !== "STAFF" || caller.regionCode === null) return nationalAccess;
  const regionCode = caller.regionCode;
  // A village holds no trainings, so a village-scoped key sees none (and only its residents).
  const trainings: Prisma.TrainingWhereInput = trainingPlaceFilter(regionCode) ?? { id: { in: [] } };
  const enrollments: Prisma.EnrollmentWhereInput = { training: trainings };
  const people: Prisma.PersonWhereInput = { OR: [homeWithin(regionCode), { enrollments: { some: enrollments } }] };
  const select = { id: true } as const;
  const trainingLoader = visibilityLoader((ids) => db.training.findMany({ where: { AND: [{ id: { in: ids } }, trainings] }, select }));
  const enrollmentLoader = visibilityLoader((ids) => db.enrollment.findMany({ where: { AND: [{ id: { in: ids } }, enrollments] }, select }));
  const personLoader = visibilityLoader((ids) => db.person.findMany({ where: { AND: [{ id: { in: ids } }, people] }, select }));
  return {
    regionCode,
    covers: (code) => callerCovers(caller, code),
    trainings,
    enrollments,
    people,
    canSeeTraining: (id) => trainingLoader.load(id),
    canSeeEnrollment: (id) => enrollmentLoader.load(id),
    canSeePerson: (id) => personLoader.load(id),
  };
}
