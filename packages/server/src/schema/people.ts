import { EnrollmentRole, Gender, Institution } from "../db/generated/prisma/enums.js";
import { enroll, recordAttendance, recordScores } from "../cascade/enrollments.js";
import { registerPerson, updatePerson } from "../cascade/people.js";
import { homeCodeOf, homeWithin } from "../cascade/places.js";
import { Prisma, type Enrollment as PrismaEnrollment } from "../db/generated/prisma/client.js";
import { escapeLike } from "../db/like-pattern.js";
import { builder } from "./builder.js";
import type { Context } from "./context.js";
import { openPersonal } from "../personal-data/personal-fields.js";
import { nonEmptySelection } from "./selection.js";
import { maxLengthOf, searchMaxLength } from "./text-limits.js";
import { assertRegionCode } from "./region-args.js";
import { Region } from "./regions.js";
import { Training } from "./trainings.js";

export const InstitutionEnum = builder.enumType(Institution, {
  name: "Institution",
  description: "Where a person works: the kabupaten OPDs a ToT draws from, kecamatan staff and facilitators, village officials.",
});
export const GenderEnum = builder.enumType(Gender, { name: "Gender" });
export const EnrollmentRoleEnum = builder.enumType(EnrollmentRole, { name: "EnrollmentRole" });

/**
 * Fields holding personal data under Indonesia's Personal Data Protection law (UU 27/2022): only
 * STAFF (within its region) and ADMIN keys see them. They carry the extension so that tests can
 * find every one of them in the schema and prove no other role reaches them.
 */
const personalData = { authScopes: { personalData: true }, extensions: { personalData: true } } as const;

const Reach = builder.objectRef<{ trainingsFacilitated: number; peopleTrained: number; kecamatanCovered: number; villagesReached: number }>("Reach").implement({
  description: "How far the cascade below a certified trainer went.",
  fields: (t) => ({
    trainingsFacilitated: t.exposeInt("trainingsFacilitated", { description: "Kecamatan trainings they taught (not cancelled)." }),
    peopleTrained: t.exposeInt("peopleTrained", { description: "Distinct participants of those trainings and of the village sessions their graduates led." }),
    kecamatanCovered: t.exposeInt("kecamatanCovered", { description: "Distinct home kecamatan of the participants who completed their trainings." }),
    villagesReached: t.exposeInt("villagesReached", { description: "Distinct home villages of the participants of those village sessions." }),
  }),
});

export const Person = builder.prismaNode("Person", {
  id: { field: "id" },
  nullable: true,
  authScopes: async (person, context) => ((await context.access.canSeePerson(person.id)) ? { partner: true } : false),
  description: "Someone who takes part in the cascade, as participant or trainer.",
  fields: (t) => ({
    fullName: t.exposeString("fullName", personalData),
    // Stored encrypted: decrypted here, for the callers the scopes let through, and nowhere else.
    nik: t.string({ nullable: true, description: "16-digit civil ID number.", ...personalData, resolve: (person) => openPersonal("nik", person.nik) }),
    phone: t.string({ nullable: true, ...personalData, resolve: (person) => openPersonal("phone", person.phone) }),
    email: t.string({ nullable: true, ...personalData, resolve: (person) => openPersonal("email", person.email) }),
    gender: t.expose("gender", { type: GenderEnum, nullable: true }),
    institution: t.expose("institution", { type: InstitutionEnum }),
    position: t.exposeString("position", { nullable: true }),
    homeRegionCode: t.string({ resolve: (person) => homeCodeOf(person) }),
    homeRegion: t.field({
      type: Region,
      resolve: async (person, _args, context) => {
        const region = await context.regions.load(homeCodeOf(person));
        if (!region) throw new Error(`Person ${person.id} lives in a region that does not exist`);
        return region;
      },
    }),
    enrollments: t.relatedConnection(
      "enrollments",
      {
        cursor: "id",
        totalCount: true,
        // A STAFF key sees the person's enrollments in trainings of its subtree only.
        query: (_args, context) => ({ where: context.access.enrollments, orderBy: { id: "asc" } }),
      },
      EnrollmentConnection,
    ),
    reach: t.field({
      type: Reach,
      nullable: true,
      description: "The cascade below this person, if a ToT certified them; null otherwise.",
      resolve: (person, _args, context) => context.reach.load(person.id),
    }),
  }),
});

export const Enrollment = builder.prismaNode("Enrollment", {
  id: { field: "id" },
  nullable: true,
  authScopes: async (enrollment, context) => ((await context.access.canSeeEnrollment(enrollment.id)) ? { partner: true } : false),
  description: "A person's part in one training.",
  fields: (t) => ({
    training: t.relation("training"),
    person: t.relation("person"),
    role: t.expose("role", { type: EnrollmentRoleEnum }),
    daysAttended: t.exposeInt("daysAttended"),
    preTestScore: t.exposeInt("preTestScore", { nullable: true }),
    postTestScore: t.exposeInt("postTestScore", { nullable: true }),
    completed: t.exposeBoolean("completed", { description: "Set by completeTraining: attended every day and passed the post-test." }),
    certifiedTrainer: t.exposeBoolean("certifiedTrainer", { description: "Completed a PROVINCIAL_TOT: may teach kecamatan trainings in their kabupaten." }),
  }),
});

const EnrollmentConnection = builder.connectionObject({ type: Enrollment, name: "EnrollmentConnection" });
const PersonConnection = builder.connectionObject({ type: Person, name: "PersonConnection" });

builder.prismaObjectField(Training, "enrollments", (t) =>
  t.relatedConnection(
    "enrollments",
    {
      cursor: "id",
      totalCount: true,
      args: { role: t.arg({ type: EnrollmentRoleEnum }) },
      query: (args) => ({ where: args.role ? { role: args.role } : {}, orderBy: { id: "asc" } }),
    },
    EnrollmentConnection,
  ),
);

/** People a provincial ToT certified as trainers, whose home lies under `code`, as far as the caller may see. */
const certifiedTrainersWhere = (context: Context, code: string): Prisma.PersonWhereInput => ({
  AND: [{ ...homeWithin(code), enrollments: { some: { certifiedTrainer: true } } }, context.access.people],
});

builder.interfaceField(Region, "certifiedTrainers", (t) =>
  t.prismaConnection(
    {
      type: Person,
      cursor: "id",
      description: "People certified by a provincial ToT whose home lies in this region's subtree.",
      authScopes: { partner: true },
      totalCount: (region, _args, context) => context.prisma.person.count({ where: certifiedTrainersWhere(context, region.code) }),
      resolve: (query, region, _args, context) =>
        context.prisma.person.findMany({ ...query, where: certifiedTrainersWhere(context, region.code), orderBy: { id: "asc" } }),
    },
    PersonConnection,
  ),
);

const peopleArgs = builder.args((t) => ({
  search: t.string({
    description: `Case-insensitive substring of the full name, at most ${searchMaxLength} characters (STAFF and ADMIN keys only: names are personal data).`,
    ...maxLengthOf(searchMaxLength),
  }),
  regionCode: t.string({ description: "Only people whose home lies in this region's subtree." }),
  institution: t.field({ type: InstitutionEnum }),
}));

function peopleWhere(context: Context, args: { search?: string | null; regionCode?: string | null; institution?: Institution | null }): Prisma.PersonWhereInput {
  if (args.regionCode) assertRegionCode(args.regionCode);
  return {
    AND: [
      {
        ...(args.search ? { fullName: { contains: escapeLike(args.search), mode: "insensitive" as const } } : {}),
        ...(args.regionCode ? homeWithin(args.regionCode) : {}),
        ...(args.institution ? { institution: args.institution } : {}),
      },
      context.access.people,
    ],
  };
}

builder.queryField("people", (t) =>
  t.prismaConnection(
    {
      type: Person,
      cursor: "id",
      description: "People, oldest record first, optionally filtered.",
      // Searching by name probes personal data: only roles that may read names may search them.
      authScopes: (_root, args) => (args.search ? { personalData: true } : { partner: true }),
      args: peopleArgs,
      totalCount: (_root, args, context) => context.prisma.person.count({ where: peopleWhere(context, args) }),
      resolve: (query, _root, args, context) => context.prisma.person.findMany({ ...query, where: peopleWhere(context, args), orderBy: { id: "asc" } }),
    },
    PersonConnection,
  ),
);

const personFields = {
  nik: "16-digit civil ID number; unique.",
  homeRegionCode: "Home region, a code of any level.",
};

const RegisterPersonInput = builder.inputType("RegisterPersonInput", {
  fields: (t) => ({
    fullName: t.string({ required: true }),
    nik: t.string({ description: personFields.nik }),
    phone: t.string(),
    email: t.string(),
    gender: t.field({ type: GenderEnum }),
    institution: t.field({ type: InstitutionEnum, required: true }),
    position: t.string(),
    homeRegionCode: t.string({ required: true, description: personFields.homeRegionCode }),
  }),
});

const UpdatePersonInput = builder.inputType("UpdatePersonInput", {
  description: "Fields to change; omitted fields stay as they are, null clears an optional one.",
  fields: (t) => ({
    fullName: t.string(),
    nik: t.string({ description: personFields.nik }),
    phone: t.string(),
    email: t.string(),
    gender: t.field({ type: GenderEnum }),
    institution: t.field({ type: InstitutionEnum }),
    position: t.string(),
    homeRegionCode: t.string({ description: personFields.homeRegionCode }),
  }),
});

const EnrollInput = builder.inputType("EnrollInput", {
  fields: (t) => ({
    trainingId: t.globalID({ required: true, for: Training }),
    personId: t.globalID({ required: true, for: Person }),
    role: t.field({ type: EnrollmentRoleEnum, required: true }),
  }),
});

/** Reads a written enrollment back with the selection the response needs (see reloadTraining). */
type EnrollmentQuery = { include?: Prisma.EnrollmentInclude; select?: Prisma.EnrollmentSelect };

/**
 * What an enrolment write answers with: the row it wrote when the response asks for the row's
 * columns only, as it mostly does (a statement saved); otherwise the row read again in the
 * write's transaction with the relations Pothos plans.
 */
function answerEnrollment(context: Context, query: EnrollmentQuery, written: PrismaEnrollment) {
  const columnsOnly =
    Object.keys(query.include ?? {}).length === 0 && Object.keys(query.select ?? {}).every((field) => field in Prisma.EnrollmentScalarFieldEnum);
  return columnsOnly ? written : context.db.enrollment.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: written.id } });
}

/** Writes to an existing enrollment: STAFF within its training's subtree, or ADMIN. */
const enrollmentWrite = async (_root: object, { enrollmentId }: { enrollmentId: { id: string } }, context: Context) =>
  (await context.access.canSeeEnrollment(enrollmentId.id)) ? { staff: true } : false;

builder.mutationFields((t) => ({
  registerPerson: t.prismaField({
    audit: true,
    errors: {},
    // Someone a STAFF key registers must live in its subtree, or it could not see them afterwards.
    authScopes: (_root, { input }, context) => (context.access.covers(input.homeRegionCode) ? { staff: true } : false),
    type: Person,
    args: { input: t.arg({ type: RegisterPersonInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const person = await registerPerson(context.db, input);
      return context.db.person.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: person.id } });
    },
  }),
  updatePerson: t.prismaField({
    audit: true,
    errors: {},
    authScopes: async (_root, { id, input }, context) =>
      (await context.access.canSeePerson(id.id)) && (input.homeRegionCode == null || context.access.covers(input.homeRegionCode)) ? { staff: true } : false,
    type: Person,
    args: { id: t.arg.globalID({ required: true, for: Person }), input: t.arg({ type: UpdatePersonInput, required: true }) },
    resolve: async (query, _root, { id, input }, context) => {
      await updatePerson(context.db, id.id, {
        ...input,
        fullName: input.fullName ?? undefined,
        institution: input.institution ?? undefined,
        homeRegionCode: input.homeRegionCode ?? undefined,
      });
      return context.db.person.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: id.id } });
    },
  }),
  enroll: t.prismaField({
    audit: true,
    errors: {},
    authScopes: async (_root, { input }, context) =>
      (await context.access.canSeeTraining(input.trainingId.id)) && (await context.access.canSeePerson(input.personId.id)) ? { staff: true } : false,
    type: Enrollment,
    description: "Adds a person to a training; a TRAINER must be qualified for it (see EnrollmentRole).",
    args: { input: t.arg({ type: EnrollInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      return answerEnrollment(context, query, await enroll(context.db, { trainingId: input.trainingId.id, personId: input.personId.id, role: input.role }));
    },
  }),
  recordAttendance: t.prismaField({
    audit: true,
    errors: {},
    authScopes: enrollmentWrite,
    type: Enrollment,
    args: { enrollmentId: t.arg.globalID({ required: true, for: Enrollment }), daysAttended: t.arg.int({ required: true }) },
    resolve: async (query, _root, args, context) => {
      return answerEnrollment(context, query, await recordAttendance(context.db, args.enrollmentId.id, args.daysAttended));
    },
  }),
  recordScores: t.prismaField({
    audit: true,
    errors: {},
    authScopes: enrollmentWrite,
    type: Enrollment,
    args: {
      enrollmentId: t.arg.globalID({ required: true, for: Enrollment }),
      preTestScore: t.arg.int({ description: "0–100; null clears it, omitted keeps it." }),
      postTestScore: t.arg.int({ description: "0–100; null clears it, omitted keeps it." }),
    },
    resolve: async (query, _root, args, context) => {
      const scores = { preTestScore: args.preTestScore, postTestScore: args.postTestScore };
      return answerEnrollment(context, query, await recordScores(context.db, args.enrollmentId.id, scores));
    },
  }),
}));
