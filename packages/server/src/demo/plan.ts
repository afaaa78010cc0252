import type { EnrollmentRole } from "../db/generated/prisma/enums.js";
import { participantsPerProvince } from "../import/program-reference.js";
import { NikRegistry } from "./nik.js";
import { participantOutcome, trainerOutcome, type Outcome, type TrainingTerms } from "./outcomes.js";
import { makePerson, type PersonRow, type PersonSpec } from "./person.js";
import { positionIn, villagePosition } from "./positions.js";
import { streamFor, type Random } from "./random.js";
import { demoTitlePrefix, type DemoPlan, type EnrollmentRow, type TrainingRow } from "./rows.js";
import {
  kecamatanTrainingPeriod,
  stageTotPeriod,
  unstagedTotPeriod,
  villageSessionPeriod,
  type Period,
} from "./schedule.js";
import type { DemoTree } from "./tree.js";

/**
 * The demo dataset, planned in memory: a synthetic cascade shaped like the program's, built only
 * from the tree, the stages, the seed and the program's rules, so the same inputs always give the
 * same rows (ids included).
 *
 * Per province (the 10 stage provinces at `program` scale, all 38 at `national`):
 * 1. one PROVINCIAL_TOT (its stage's dates where known) with the province's participant quota
 *    of kabupaten officials from the five OPDs, dealt round-robin over all its kabupaten;
 * 2. per kabupaten, one KECAMATAN_TRAINING taught by one or two of the kabupaten's certified
 *    trainers, for one kecamatan apparatus and one kecamatan facilitator per kecamatan;
 * 3. per kecamatan where at least one of those two completed, one VILLAGE_SESSION led by one of
 *    them, for one official from each of half its villages (an odd count rounds either way), so
 *    a little under half of all villages are reached.
 * Every trainer meets the rules of cascade/enrollments.ts, and `completed`/`certifiedTrainer`
 * come from the program's completion rule. Each province draws from its own stream, so a
 * national demo holds, byte for byte, the program demo's rows for the stage provinces.
 * NIKs follow nik.ts; the only input besides the seed that can shift them is `takenNiks`.
 */
export type DemoScale = "program" | "national";
export const demoScales: readonly DemoScale[] = ["program", "national"];

export interface PlanOptions {
  scale: DemoScale;
  seed: number;
  /** NIKs already in the database, which the demo must not reuse. */
  takenNiks?: Iterable<string>;
}

const passThreshold = 70;
const kabupatenInstitutions = ["INSPEKTORAT", "BAPPEDA", "DISDUKCAPIL", "SETDA_PEMERINTAHAN", "DPMD"] as const;
const totModules = [1, 2, 3, 4, 5, 6, 7, 8];
// What kecamatan staff need to guide villages: planning sync, supervision, shared house, dashboard.
const kecamatanModules = [4, 5, 6, 7];
const sessionModules = [4, 5];

type Province = DemoTree["provinces"][number];
type Kabupaten = DemoTree["kabupatens"][number];
type Kecamatan = DemoTree["kecamatans"][number];
type StageProvince = DemoTree["stageProvinces"][number];

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The item at `index`, wrapping around: deals people round-robin over a list. */
function cycle<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error("Cannot deal over an empty list.");
  return item;
}

interface Context {
  random: Random;
  niks: NikRegistry;
  plan: DemoPlan;
  kabupatensOf: (provinceCode: string) => Kabupaten[];
  kecamatansOf: (kabupatenCode: string) => Kecamatan[];
  villagesOf: (kecamatanCode: string) => DemoTree["villages"];
}

interface Held {
  row: TrainingRow;
  terms: TrainingTerms;
}

type TrainingFields = Pick<TrainingRow, "level" | "provinceCode" | "kabupatenCode" | "kecamatanCode" | "stageNumber" | "title" | "venue" | "moduleNumbers">;

function hold(ctx: Context, fields: TrainingFields, period: Period): Held {
  const row: TrainingRow = {
    id: ctx.random.uuid(),
    ...fields,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    status: "COMPLETED",
    passThreshold,
  };
  ctx.plan.trainings.push(row);
  return { row, terms: { level: fields.level, days: period.days, passThreshold } };
}

function addPerson(ctx: Context, spec: PersonSpec): PersonRow {
  const person = makePerson(ctx.random, ctx.niks, spec);
  ctx.plan.people.push(person);
  return person;
}

function enroll(ctx: Context, training: Held, person: PersonRow, role: EnrollmentRole, outcome: Outcome): EnrollmentRow {
  const enrollment = { id: ctx.random.uuid(), trainingId: training.row.id, personId: person.id, role, ...outcome };
  ctx.plan.enrollments.push(enrollment);
  return enrollment;
}

/** The ToT's participants; returns the certified ones by home kabupaten. */
function planTotParticipants(ctx: Context, tot: Held, kabupatens: Kabupaten[], quota: number): Map<string, PersonRow[]> {
  const certified = new Map<string, PersonRow[]>();
  for (let i = 0; i < quota; i++) {
    const kabupaten = cycle(kabupatens, i);
    const round = Math.floor(i / kabupatens.length);
    // Shifted each round, so each kabupaten sends a mix of the five OPDs.
    const institution = cycle(kabupatenInstitutions, (i % kabupatens.length) + round);
    const person = addPerson(ctx, {
      institution,
      position: positionIn(ctx.random, institution),
      homeCode: kabupaten.code,
      nikKecamatanCode: ctx.random.pick(ctx.kecamatansOf(kabupaten.code)).code,
      bornFrom: 1968,
      bornTo: 1994,
      femaleShare: 0.4,
      recordedOn: tot.row.startsOn,
    });
    // The first participant of each kabupaten passes, so every kabupaten has a trainer.
    const enrollment = enroll(ctx, tot, person, "PARTICIPANT", participantOutcome(ctx.random, tot.terms, round === 0));
    if (!enrollment.certifiedTrainer) continue;
    const trainers = certified.get(kabupaten.code) ?? [];
    certified.set(kabupaten.code, [...trainers, person]);
  }
  return certified;
}

function planVillageSession(ctx: Context, training: Held, kecamatan: Kecamatan, graduates: PersonRow[]): void {
  const villages = ctx.villagesOf(kecamatan.code);
  const reached = Math.floor(villages.length / 2) + (villages.length % 2 === 1 && ctx.random.chance(0.5) ? 1 : 0);
  if (graduates.length === 0 || reached === 0) return;
  const session = hold(
    ctx,
    {
      level: "VILLAGE_SESSION",
      provinceCode: training.row.provinceCode,
      kabupatenCode: kecamatan.kabupatenCode,
      kecamatanCode: kecamatan.code,
      stageNumber: null,
      title: `${demoTitlePrefix}Sesi Desa P3PD — Kecamatan ${kecamatan.name}`,
      venue: `Kantor Camat ${kecamatan.name}`,
      moduleNumbers: sessionModules,
    },
    villageSessionPeriod(ctx.random, training.row.endsOn),
  );
  enroll(ctx, session, ctx.random.pick(graduates), "TRAINER", trainerOutcome(session.terms));
  for (const village of ctx.random.sample(villages, reached)) {
    const official = addPerson(ctx, {
      institution: "DESA",
      position: villagePosition(ctx.random, village.kind),
      homeCode: village.code,
      nikKecamatanCode: kecamatan.code,
      bornFrom: 1965,
      bornTo: 1998,
      femaleShare: 0.3,
      recordedOn: session.row.startsOn,
    });
    enroll(ctx, session, official, "PARTICIPANT", participantOutcome(ctx.random, session.terms));
  }
}

function planKabupaten(ctx: Context, tot: Held, kabupaten: Kabupaten, trainers: PersonRow[]): void {
  const training = hold(
    ctx,
    {
      level: "KECAMATAN_TRAINING",
      provinceCode: kabupaten.provinceCode,
      kabupatenCode: kabupaten.code,
      kecamatanCode: null,
      stageNumber: null,
      title: `${demoTitlePrefix}Pelatihan Aparatur dan Fasilitator Kecamatan — ${kabupaten.name}`,
      venue: `Aula Bappeda ${kabupaten.name}`,
      moduleNumbers: kecamatanModules,
    },
    kecamatanTrainingPeriod(ctx.random, tot.row.endsOn),
  );
  for (const trainer of ctx.random.sample(trainers, ctx.random.int(1, 2))) {
    enroll(ctx, training, trainer, "TRAINER", trainerOutcome(training.terms));
  }
  for (const kecamatan of ctx.kecamatansOf(kabupaten.code)) {
    const graduates = (["KECAMATAN", "FASILITATOR_KECAMATAN"] as const).flatMap((institution) => {
      const person = addPerson(ctx, {
        institution,
        position: positionIn(ctx.random, institution),
        homeCode: kecamatan.code,
        nikKecamatanCode: kecamatan.code,
        bornFrom: 1970,
        bornTo: 1998,
        femaleShare: 0.35,
        recordedOn: training.row.startsOn,
      });
      const enrollment = enroll(ctx, training, person, "PARTICIPANT", participantOutcome(ctx.random, training.terms));
      return enrollment.completed ? [person] : [];
    });
    planVillageSession(ctx, training, kecamatan, graduates);
  }
}

function planProvince(ctx: Context, province: Province, totPeriod: Period, stage: StageProvince | undefined): void {
  const kabupatens = ctx.kabupatensOf(province.code);
  const tot = hold(
    ctx,
    {
      level: "PROVINCIAL_TOT",
      provinceCode: province.code,
      kabupatenCode: null,
      kecamatanCode: null,
      stageNumber: stage?.stageNumber ?? null,
      title: `${demoTitlePrefix}Training of Trainers P3PD — Provinsi ${province.name}`,
      venue: stage?.venueCity ?? null,
      moduleNumbers: totModules,
    },
    totPeriod,
  );
  const certified = planTotParticipants(ctx, tot, kabupatens, stage?.participantQuota ?? participantsPerProvince);
  for (const kabupaten of kabupatens) planKabupaten(ctx, tot, kabupaten, certified.get(kabupaten.code) ?? []);
}

export function planDemo(tree: DemoTree, options: PlanOptions): DemoPlan {
  const kabupatens = groupBy(tree.kabupatens, (row) => row.provinceCode);
  const kecamatans = groupBy(tree.kecamatans, (row) => row.kabupatenCode);
  const villages = groupBy(tree.villages, (row) => row.kecamatanCode);
  const plan: DemoPlan = { trainings: [], people: [], enrollments: [] };
  const niks = new NikRegistry(options.takenNiks);
  // A province in several stages takes its first: a ToT belongs to one stage.
  const stageOfProvince = new Map<string, StageProvince>();
  for (const row of tree.stageProvinces) if (!stageOfProvince.has(row.provinceCode)) stageOfProvince.set(row.provinceCode, row);
  const stagePeriods = new Map(tree.stages.map((stage) => [stage.number, stageTotPeriod(streamFor(options.seed, `stage ${stage.number}`), stage)]));
  const provinces = options.scale === "program" ? tree.provinces.filter((province) => stageOfProvince.has(province.code)) : tree.provinces;
  for (const province of provinces) {
    const random = streamFor(options.seed, `province ${province.code}`);
    const stage = stageOfProvince.get(province.code);
    const period = (stage && stagePeriods.get(stage.stageNumber)) ?? unstagedTotPeriod(random);
    const ctx: Context = {
      random,
      niks,
      plan,
      kabupatensOf: (code) => kabupatens.get(code) ?? [],
      kecamatansOf: (code) => kecamatans.get(code) ?? [],
      villagesOf: (code) => villages.get(code) ?? [],
    };
    planProvince(ctx, province, period, stage);
  }
  return plan;
}
