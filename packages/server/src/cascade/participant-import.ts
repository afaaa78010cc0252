import type { Prisma } from "../db/generated/prisma/client.js";
import type { Gender, Institution } from "../db/generated/prisma/enums.js";
import { setImmediate } from "node:timers/promises";
import { v7 as uuidv7 } from "uuid";
import type { Db } from "../db/prisma.js";
import { queryRows } from "../db/sql-statement.js";
import { silentProgress, type Progress } from "../progress.js";
import { levelOfCode, type RegionLevel } from "../regions/codes.js";
import { trainingDays } from "./completion-rule.js";
import { ConflictError, InvalidRowsError, nikTakenMessage, ValidationError, type RowIssue } from "./write-errors.js";
import { checkedContact, normalizeNik } from "./people.js";
import { nikHashOf, sealPersonFields } from "../personal-data/personal-fields.js";
import { homeCodeOf, homeColumnsOf } from "./places.js";
import { lockTraining } from "./trainings.js";
import {
  enrollmentsOfPeople,
  existingRegionCodes,
  insertParticipantEnrollments,
  insertPeople,
  knownPeople,
  peopleNamedAt,
  updateEnrollmentRecords,
  type KnownPerson,
} from "./participant-import-sql.js";

/** One participant as an attendance sheet lists them. */
export interface ParticipantRow {
  /** Line in the file (or position in the list), for error reports. */
  line: number;
  fullName: string;
  nik?: string | null;
  gender?: Gender | null;
  institution: Institution;
  position?: string | null;
  homeRegionCode: string;
  phone?: string | null;
  email?: string | null;
  daysAttended?: number | null;
  preTestScore?: number | null;
  postTestScore?: number | null;
}

export interface ParticipantImportResult {
  rows: number;
  peopleCreated: number;
  peopleMatched: number;
  enrolled: number;
  updated: number;
  unchanged: number;
}

export const maxImportRows = 20_000;
/** How long an import may hold its transaction: the largest sheet takes seconds; this leaves room. */
export const importTimeoutMs = 120_000;

/**
 * Whom an import may touch, by the same rules as the single-person writes: a new person (or one
 * matched by name and home) must live where `covers` says, as registerPerson requires; a person
 * matched by NIK must be one the caller may see, as enroll requires.
 */
export interface ImportReach {
  /** The subtree the caller is confined to; null for the whole country. */
  readonly regionCode: string | null;
  covers(code: string): boolean;
  /** The people the caller may see (a Prisma filter; empty for the whole country). */
  readonly people: Prisma.PersonWhereInput;
}

/** What a row records on its enrolment; null leaves what the enrolment holds (none yet: no attendance, no scores). */
const recordFields = ["daysAttended", "preTestScore", "postTestScore"] as const;
type Records = Record<(typeof recordFields)[number], number | null>;

interface CheckedRow extends ParticipantRow {
  nik: string | null;
  /** The NIK's keyed hash, by which the database finds its holder (the NIK itself is stored encrypted). */
  nikHash: string | null;
  /** The same person across runs: their NIK (by its hash), or else their name and home region. */
  identity: string;
}

const identityOf = (fullName: string, nikHash: string | null, homeRegionCode: string) =>
  nikHash ? `nik:${nikHash}` : `name:${fullName.trim().toLowerCase()}|${homeRegionCode}`;

function checkScore(issues: RowIssue[], row: ParticipantRow, field: "preTestScore" | "postTestScore" | "daysAttended", max: number) {
  const value = row[field];
  if (value != null && (!Number.isInteger(value) || value < 0 || value > max)) {
    issues.push({ line: row.line, field, message: `${field} must be a whole number from 0 to ${max}, got ${value}.` });
  }
}

/** Every problem of every row, found before anything is written. */
async function checkRows(
  db: Db,
  reach: ImportReach,
  rows: ParticipantRow[],
  days: number | undefined,
): Promise<{ checked: CheckedRow[]; issues: RowIssue[] }> {
  const issues: RowIssue[] = [];
  const checked: CheckedRow[] = [];
  const seen = new Map<string, number>();
  const codesByLevel = new Map<RegionLevel, Set<string>>();
  for (const row of rows) {
    const rowIssues: RowIssue[] = [];
    if (row.fullName.trim() === "") rowIssues.push({ line: row.line, field: "fullName", message: "fullName must not be empty." });
    /** Runs one of the single-person checks, turning its ValidationError into a row issue. */
    const check = <T>(run: () => T): T | null => {
      try {
        return run();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        rowIssues.push({ line: row.line, field: error.field, message: error.message });
        return null;
      }
    };
    const nik = check(() => normalizeNik(row.nik));
    check(() => checkedContact("phone", row.phone));
    check(() => checkedContact("email", row.email));
    const level = levelOfCode(row.homeRegionCode);
    if (!level) rowIssues.push({ line: row.line, field: "homeRegionCode", message: `"${row.homeRegionCode}" is not a region code.` });
    // Decided on the row alone, before any lookup, so the answer never depends on who holds its NIK.
    else if (!reach.covers(row.homeRegionCode)) {
      rowIssues.push({ line: row.line, field: "homeRegionCode", message: `This key may import only people living in region ${reach.regionCode}'s subtree.` });
    } else codesByLevel.set(level, (codesByLevel.get(level) ?? new Set()).add(row.homeRegionCode));
    checkScore(rowIssues, row, "daysAttended", days ?? Number.MAX_SAFE_INTEGER);
    checkScore(rowIssues, row, "preTestScore", 100);
    checkScore(rowIssues, row, "postTestScore", 100);
    const nikHash = nik === null ? null : nikHashOf(nik);
    const identity = identityOf(row.fullName, nikHash, row.homeRegionCode);
    const firstLine = seen.get(identity);
    if (firstLine !== undefined) rowIssues.push({ line: row.line, field: nik ? "nik" : "fullName", message: `The same person as line ${firstLine}.` });
    else seen.set(identity, row.line);
    issues.push(...rowIssues);
    if (rowIssues.length === 0) checked.push({ ...row, nik, nikHash, identity });
  }
  // Home regions must exist: one statement for the whole file, every level at once.
  const codesOf = (level: RegionLevel) => [...(codesByLevel.get(level) ?? [])];
  const found = await queryRows(db, existingRegionCodes, [codesOf("PROVINCE"), codesOf("KABUPATEN"), codesOf("KECAMATAN"), codesOf("VILLAGE")]);
  const existing = new Set(found.map((region) => region.code));
  for (const row of checked) {
    if (!existing.has(row.homeRegionCode)) issues.push({ line: row.line, field: "homeRegionCode", message: `No region has the code "${row.homeRegionCode}".` });
  }
  return { checked, issues };
}

/**
 * A row whose NIK belongs to someone the caller may not see would enrol them and so reveal them:
 * it is a NIK conflict, told exactly as registerPerson tells one ("already registered"), and the
 * import is refused whole. People matched by name live in the caller's subtree (checked per row),
 * so only NIK matches need this.
 */
async function refuseHiddenNikHolders(
  db: Db,
  reach: ImportReach,
  rows: CheckedRow[],
  known: { id: string; nikHash: string | null }[],
): Promise<void> {
  const matchedByNik = known.filter((person) => person.nikHash !== null);
  if (reach.regionCode === null || matchedByNik.length === 0) return;
  const visible = await db.person.findMany({ where: { AND: [{ id: { in: matchedByNik.map((person) => person.id) } }, reach.people] }, select: { id: true } });
  const visibleIds = new Set(visible.map((person) => person.id));
  const hiddenNiks = new Set(matchedByNik.filter((person) => !visibleIds.has(person.id)).map((person) => person.nikHash));
  const conflicts = rows.filter((row) => row.nikHash !== null && hiddenNiks.has(row.nikHash));
  if (conflicts.length > 0) throw new InvalidRowsError(conflicts.map((row) => ({ line: row.line, field: "nik", message: nikTakenMessage })));
}

/**
 * The people without a NIK whom rows name by full name (trimmed, any case) and exact home region.
 * One statement joined against the rows as two arrays, whatever their number: one condition per
 * row would need a query parameter each and pass PostgreSQL's limit of 65,535 long before an
 * import's largest sheet.
 */
async function idsOfPeopleNamedAt(db: Db, rows: CheckedRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const found = await queryRows(db, peopleNamedAt, [rows.map((row) => row.fullName.trim()), rows.map((row) => row.homeRegionCode)]);
  return found.map((row) => row.id);
}

/** Each row's value of a column, as the array parameter of a bulk statement. */
const column = <Row, Value>(rows: readonly Row[], value: (row: Row) => Value): Value[] => rows.map(value);

/**
 * New people per insert statement. Sealing their personal fields (AES-GCM per value) is most of
 * the server's work in an import of new people; cut in chunks, the next chunk is sealed while the
 * database inserts the one before (PostgreSQL's backend, or PGlite's thread), instead of one
 * waiting for the other.
 */
export const personInsertChunkRows = 2_000;

/** A person as inserted: personal fields sealed. */
interface NewPerson extends KnownPerson {
  nik: string | null;
  phone: string | null;
  email: string | null;
  gender: Gender | null;
  institution: Institution;
  position: string | null;
}

function newPerson(row: CheckedRow): NewPerson {
  return {
    id: uuidv7(),
    fullName: row.fullName.trim(),
    ...sealPersonFields({ nik: row.nik, phone: row.phone?.trim() || null, email: row.email?.trim() || null }),
    gender: row.gender ?? null,
    institution: row.institution,
    position: row.position?.trim() || null,
    ...homeColumnsOf(row.homeRegionCode),
  };
}

const insertPeopleOf = (db: Db, people: NewPerson[]) =>
  queryRows(db, insertPeople, [
    column(people, (person) => person.id),
    column(people, (person) => person.fullName),
    column(people, (person) => person.nik),
    column(people, (person) => person.nikHash),
    column(people, (person) => person.phone),
    column(people, (person) => person.email),
    column(people, (person) => person.gender),
    column(people, (person) => person.institution),
    column(people, (person) => person.position),
    column(people, (person) => person.homeProvinceCode),
    column(people, (person) => person.homeKabupatenCode),
    column(people, (person) => person.homeKecamatanCode),
    column(people, (person) => person.homeVillageCode),
  ]);

/** Inserts the new people, personal fields sealed, a chunk at a time (one statement in flight); returns them as identified. */
async function insertNewPeople(db: Db, rows: CheckedRow[], progress: Progress): Promise<KnownPerson[]> {
  const people: KnownPerson[] = [];
  let inserting: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < rows.length; start += personInsertChunkRows) {
    const chunk = rows.slice(start, start + personInsertChunkRows).map(newPerson);
    await inserting;
    progress.advance(start);
    people.push(...chunk);
    inserting = insertPeopleOf(db, chunk);
    // Lets the statement reach the database before the next chunk is sealed (the sealing does not yield).
    await setImmediate();
  }
  await inserting;
  return people;
}

/**
 * Enrolls the rows of an attendance sheet as PARTICIPANTs of a training: all or nothing (any bad
 * row and nothing is written, every bad row is reported with its line), and idempotent (a person
 * is matched by NIK, or else by name and home region; running the same file again changes
 * nothing). Attendance and scores in the rows are recorded; blank ones leave what is there.
 * All or nothing needs the caller's transaction (the mutation's, or the CLI's: see auditedWrite),
 * in which the training stays open until the import commits.
 */
export async function importParticipants(
  db: Db,
  reach: ImportReach,
  trainingId: string,
  rows: ParticipantRow[],
  progress: Progress = silentProgress,
): Promise<ParticipantImportResult> {
  if (rows.length > maxImportRows) throw new ValidationError("rows", `At most ${maxImportRows} rows per import, got ${rows.length}.`);
  const training = await lockTraining(db, trainingId, "shared");
  if (training.status === "CANCELLED" || training.status === "COMPLETED") {
    throw new ConflictError("trainingId", `Training ${trainingId} is ${training.status}; its enrollments are closed.`);
  }
  const { checked, issues } = await checkRows(db, reach, rows, trainingDays(training.startsOn, training.endsOn));
  if (issues.length > 0) throw new InvalidRowsError(issues.sort((a, b) => a.line - b.line));

  progress.start("participants", checked.length);
  const nikHashes = checked.flatMap((row) => (row.nikHash ? [row.nikHash] : []));
  const unnamed = checked.filter((row) => !row.nik);
  const namedIds = await idsOfPeopleNamedAt(db, unnamed);
  const known = await queryRows(db, knownPeople, [nikHashes, namedIds]);
  await refuseHiddenNikHolders(db, reach, checked, known);
  const personByIdentity = new Map(known.map((person) => [identityOf(person.fullName, person.nikHash, homeCodeOf(person)), person.id]));
  // Only people known before may be enrolled already: the new ones have ids made just now.
  const enrollments = known.length === 0 ? [] : await queryRows(db, enrollmentsOfPeople, [trainingId, known.map((person) => person.id)]);
  const created = await insertNewPeople(db, checked.filter((row) => !personByIdentity.has(row.identity)), progress);
  for (const person of created) personByIdentity.set(identityOf(person.fullName, person.nikHash, homeCodeOf(person)), person.id);

  const enrollmentByPerson = new Map(enrollments.map((enrollment) => [enrollment.personId, enrollment]));
  const toCreate: { id: string; personId: string; records: Records }[] = [];
  const toUpdate: { id: string; records: Records }[] = [];
  let unchanged = 0;
  for (const row of checked) {
    const personId = personByIdentity.get(row.identity);
    if (!personId) throw new Error(`Person for line ${row.line} was neither found nor created`);
    const records: Records = { daysAttended: row.daysAttended ?? null, preTestScore: row.preTestScore ?? null, postTestScore: row.postTestScore ?? null };
    const enrollment = enrollmentByPerson.get(personId);
    if (!enrollment) {
      toCreate.push({ id: uuidv7(), personId, records });
    } else if (enrollment.role === "TRAINER") {
      throw new InvalidRowsError([{ line: row.line, field: "fullName", message: "This person is a TRAINER of this training." }]);
    } else if (recordFields.some((field) => records[field] !== null && records[field] !== enrollment[field])) {
      toUpdate.push({ id: enrollment.id, records });
    } else unchanged++;
  }
  const recordColumns = (rows: { records: Records }[]) => recordFields.map((field) => column(rows, (row) => row.records[field]));
  if (toUpdate.length > 0) await queryRows(db, updateEnrollmentRecords, [column(toUpdate, (row) => row.id), ...recordColumns(toUpdate)]);
  if (toCreate.length > 0) {
    await queryRows(db, insertParticipantEnrollments, [trainingId, column(toCreate, (row) => row.id), column(toCreate, (row) => row.personId), ...recordColumns(toCreate)]);
  }
  progress.advance(checked.length);
  progress.finish();
  return { rows: checked.length, peopleCreated: created.length, peopleMatched: checked.length - created.length, enrolled: toCreate.length, updated: toUpdate.length, unchanged };
}
