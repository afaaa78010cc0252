import type { EnrollmentRole, Gender, Institution } from "../db/generated/prisma/enums.js";
import { enroll, recordAttendance, recordScores } from "../cascade/enrollments.js";
import { registerPerson, updatePerson } from "../cascade/people.js";
import { homeCodeOf, homeWithin } from "../cascade/places.js";
import { Prisma, type Enrollment as PrismaEnrollment } from "../db/generated/prisma/client.js";
import { escapeLike } from "../db/like-pattern.js";
import { builder } from "./builder.js";
import { describedResult } from "./error-results.js";
import type { Context } from "./context.js";
import { openPersonal } from "../personal-data/personal-fields.js";
import { nonEmptySelection } from "./selection.js";
import { maxLengthOf, searchMaxLength } from "./text-limits.js";
import { assertRegionCode } from "./region-args.js";
import { Region } from "./regions.js";
import { Training } from "./trainings.js";

export const InstitutionEnum = builder.enumType("Institution", {
  description: "Where a person works: the kabupaten OPDs a ToT draws from, kecamatan staff and facilitators, village officials.",
  values: {
    INSPEKTORAT: { description: "The kabupaten's inspectorate (Inspektorat)." },
    BAPPEDA: { description: "The kabupaten's development planning agency (Badan Perencanaan Pembangunan Daerah)." },
    DISDUKCAPIL: { description: "The kabupaten's civil registry office (Dinas Kependudukan dan Pencatatan Sipil)." },
    SETDA_PEMERINTAHAN: { description: "The government section of the kabupaten's regional secretariat (Bagian Pemerintahan, Sekretariat Daerah)." },
    DPMD: { description: "The kabupaten's community and village empowerment office (Dinas Pemberdayaan Masyarakat dan Desa)." },
    KECAMATAN: { description: "The apparatus of a kecamatan office (camat and staff)." },
    FASILITATOR_KECAMATAN: { description: "A facilitator who supports the villages of a kecamatan." },
    DESA: { description: "A village official (kepala desa or village staff)." },
    OTHER: { description: "Any other institution." },
  } satisfies Record<Institution, { description: string }>,
});
export const GenderEnum = builder.enumType("Gender", {
  description: "A person's gender, as recorded when they were registered or imported.",
  values: {
    FEMALE: { description: "Female (perempuan)." },
    MALE: { description: "Male (laki-laki)." },
  } satisfies Record<Gender, { description: string }>,
});
export const EnrollmentRoleEnum = builder.enumType("EnrollmentRole", {
  description: "The part a person takes in a training.",
  values: {
    PARTICIPANT: { description: "Learns; completes the training under its completion rule." },
    TRAINER: {
      description:
        "Teaches. For a kecamatan training, someone a ToT certified who lives in its kabupaten; for a village session, someone who completed a kecamatan training of its kabupaten and lives in its kecamatan. Trainers neither complete nor get certified.",
    },
  } satisfies Record<EnrollmentRole, { description: string }>,
});

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
  description:
    "Someone who takes part in the cascade, as participant or trainer. PARTNER keys and up; a STAFF key sees only the people whose home lies in its region's subtree.",
  fields: (t) => ({
    fullName: t.exposeString("fullName", {
      nullable: true,
      description: "Full name, as on the attendance sheet; null once the person is erased (see `erasedAt`). Personal data: STAFF and ADMIN keys only (FORBIDDEN for others).",
      ...personalData,
    }),
    // Stored encrypted: decrypted here, for the callers the scopes let through, and nowhere else.
    nik: t.string({
      nullable: true,
      description: "16-digit civil ID number (NIK); null when not recorded. Personal data: STAFF and ADMIN keys only (FORBIDDEN for others).",
      ...personalData,
      resolve: (person) => openPersonal("nik", person.nik),
    }),
    phone: t.string({
      nullable: true,
      description: "Phone number as given; null when not recorded. Personal data: STAFF and ADMIN keys only (FORBIDDEN for others).",
      ...personalData,
      resolve: (person) => openPersonal("phone", person.phone),
    }),
    email: t.string({
      nullable: true,
      description: "Email address; null when not recorded. Personal data: STAFF and ADMIN keys only (FORBIDDEN for others).",
      ...personalData,
      resolve: (person) => openPersonal("email", person.email),
    }),
    gender: t.expose("gender", { type: GenderEnum, nullable: true, description: "Null when not recorded." }),
    institution: t.expose("institution", { type: InstitutionEnum, description: "Where they work." }),
    position: t.exposeString("position", { nullable: true, description: 'Their post within the institution, as written, e.g. "Kasubbag Pemerintahan Desa"; null when not recorded.' }),
    homeRegionCode: t.string({
      description: "The code of the region they live in, of whatever level was recorded (a village when known); reports count people here.",
      resolve: (person) => homeCodeOf(person),
    }),
    homeRegion: t.field({
      type: Region,
      description: "The region they live in (see `homeRegionCode`).",
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
        description: "Their enrollments, oldest first; a STAFF key sees those in trainings of its subtree only.",
        // A STAFF key sees the person's enrollments in trainings of its subtree only.
        query: (_args, context) => ({ where: context.access.enrollments, orderBy: { id: "asc" } }),
      },
      EnrollmentConnection,
    ),
    erasedAt: t.expose("erasedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When `erasePerson` erased the person's personal data (name, NIK, phone, email, gender, position: all null since); null for a person not erased. Their enrollments stay, as an anonymous participant's.",
    }),
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
  description: "A person's part in one training. PARTNER keys and up; a STAFF key sees only those in trainings of its subtree.",
  fields: (t) => ({
    training: t.relation("training", { description: "The training this enrollment is in." }),
    person: t.relation("person", { description: "The person enrolled." }),
    role: t.expose("role", { type: EnrollmentRoleEnum, description: "Whether they learn or teach in it." }),
    daysAttended: t.exposeInt("daysAttended", { description: "Days they attended, from 0 (the default) to the training's `days`." }),
    preTestScore: t.exposeInt("preTestScore", { nullable: true, description: "Score of the test before the training, 0–100; null until recorded." }),
    postTestScore: t.exposeInt("postTestScore", { nullable: true, description: "Score of the test after the training, 0–100; null until recorded." }),
    completed: t.exposeBoolean("completed", { description: "Set by completeTraining: attended every day and passed the post-test." }),
    certifiedTrainer: t.exposeBoolean("certifiedTrainer", { description: "Completed a PROVINCIAL_TOT: may teach kecamatan trainings in their kabupaten." }),
  }),
});

const EnrollmentConnection = builder.connectionObject(
  { type: Enrollment, name: "EnrollmentConnection", description: "A page of enrollments, oldest first." },
  { description: "An enrollment on a page, with its cursor." },
);
const PersonConnection = builder.connectionObject(
  { type: Person, name: "PersonConnection", description: "A page of people, oldest record first." },
  { description: "A person on a page, with its cursor." },
);

builder.prismaObjectField(Training, "enrollments", (t) =>
  t.relatedConnection(
    "enrollments",
    {
      cursor: "id",
      totalCount: true,
      description: "Who is enrolled, oldest enrollment first.",
      args: { role: t.arg({ type: EnrollmentRoleEnum, description: "Only enrollments in this role; null: both." }) },
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
  regionCode: t.string({ description: "Only people whose home lies in this region's subtree: a code of any level (a malformed one is a BAD_USER_INPUT error); null: everywhere." }),
  institution: t.field({ type: InstitutionEnum, description: "Only people of this institution; null: any." }),
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
      description: "People, oldest record first, optionally filtered. PARTNER keys and up (searching by name: STAFF and ADMIN); a STAFF key sees its subtree's people only.",
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
  fullName: "Full name, 1–200 characters once trimmed.",
  nik: "16-digit civil ID number (spaces between groups are dropped); unique: a NIK someone else has is a ConflictError. Null or blank: none.",
  phone: "Phone number: 6–20 digits, spaces, brackets or dashes, optionally after a +; null or blank: none.",
  email: "Email address, at most 120 characters; null or blank: none.",
  gender: "Their gender; null: not recorded.",
  institution: "Where they work.",
  position: "Their post within the institution, at most 200 characters; null or blank: none.",
  homeRegionCode: "The region they live in: an existing code of any level, a village's when known; a STAFF key's subtree must hold it.",
};

const RegisterPersonInput = builder.inputType("RegisterPersonInput", {
  description: "A person to register. The NIK, phone and email are encrypted at rest.",
  fields: (t) => ({
    fullName: t.string({ required: true, description: personFields.fullName }),
    nik: t.string({ description: personFields.nik }),
    phone: t.string({ description: personFields.phone }),
    email: t.string({ description: personFields.email }),
    gender: t.field({ type: GenderEnum, description: personFields.gender }),
    institution: t.field({ type: InstitutionEnum, required: true, description: personFields.institution }),
    position: t.string({ description: personFields.position }),
    homeRegionCode: t.string({ required: true, description: personFields.homeRegionCode }),
  }),
});

const UpdatePersonInput = builder.inputType("UpdatePersonInput", {
  description: "Fields to change; omitted fields stay as they are, null clears an optional one.",
  fields: (t) => ({
    fullName: t.string({ description: `${personFields.fullName} It cannot be cleared.` }),
    nik: t.string({ description: personFields.nik }),
    phone: t.string({ description: personFields.phone }),
    email: t.string({ description: personFields.email }),
    gender: t.field({ type: GenderEnum, description: personFields.gender }),
    institution: t.field({ type: InstitutionEnum, description: `${personFields.institution} It cannot be cleared.` }),
    position: t.string({ description: personFields.position }),
    homeRegionCode: t.string({ description: `${personFields.homeRegionCode} It cannot be cleared.` }),
  }),
});

const EnrollInput = builder.inputType("EnrollInput", {
  description: "Who to enrol in which training, and as what.",
  fields: (t) => ({
    trainingId: t.globalID({ required: true, for: Training, description: "The training's global ID; it must be PLANNED or ONGOING." }),
    personId: t.globalID({ required: true, for: Person, description: "The person's global ID; enrolling them twice in one training is a ConflictError." }),
    role: t.field({ type: EnrollmentRoleEnum, required: true, description: "PARTICIPANT, or TRAINER for someone qualified to teach it." }),
  }),
});

/** Reads a written enrollment back with the selection the response needs (see reloadTraining). */
type EnrollmentQuery = { include?: Prisma.EnrollmentInclude; select?: Prisma.EnrollmentSelect };

/**
 * What an enrolment write answers with: the row it wrote when the response asks for the row's
 * columns only, as it mostly does (a statement saved); otherwise the row read again in the
 * write's transaction with the relations Pothos plans. Decided before the write: a mutation tried
 * without a transaction (audit-plugin.ts) needs one for the read, and hears so here, before it
 * writes anything.
 */
function enrollmentAnswer(context: Context, query: EnrollmentQuery): (written: PrismaEnrollment) => PrismaEnrollment | Promise<PrismaEnrollment> {
  const columnsOnly =
    Object.keys(query.include ?? {}).length === 0 && Object.keys(query.select ?? {}).every((field) => field in Prisma.EnrollmentScalarFieldEnum);
  if (columnsOnly) return (written) => written;
  const enrollments = context.db.enrollment;
  return (written) => enrollments.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: written.id } });
}

/** Writes to an existing enrollment: STAFF within its training's subtree, or ADMIN. */
const enrollmentWrite = async (_root: object, { enrollmentId }: { enrollmentId: { id: string } }, context: Context) =>
  (await context.access.canSeeEnrollment(enrollmentId.id)) ? { staff: true } : false;

builder.mutationFields((t) => ({
  registerPerson: t.prismaField({
    audit: true,
    errors: describedResult("registerPerson", "The person as registered, with their global ID."),
    // Someone a STAFF key registers must live in its subtree, or it could not see them afterwards.
    authScopes: (_root, { input }, context) => (context.access.covers(input.homeRegionCode) ? { staff: true } : false),
    type: Person,
    description: "Registers a person. STAFF keys for people living in their subtree, or ADMIN.",
    args: { input: t.arg({ type: RegisterPersonInput, required: true, description: "The person to register." }) },
    resolve: async (query, _root, { input }, context) => {
      const person = await registerPerson(context.db, input);
      return context.db.person.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: person.id } });
    },
  }),
  updatePerson: t.prismaField({
    audit: true,
    errors: describedResult("updatePerson", "The person as they now are."),
    description: "Changes a person's fields. STAFF keys for people living in their subtree (and moving them only within it), or ADMIN.",
    authScopes: async (_root, { id, input }, context) =>
      (await context.access.canSeePerson(id.id)) && (input.homeRegionCode == null || context.access.covers(input.homeRegionCode)) ? { staff: true } : false,
    type: Person,
    args: {
      id: t.arg.globalID({ required: true, for: Person, description: "The person's global ID." }),
      input: t.arg({ type: UpdatePersonInput, required: true, description: "What to change." }),
    },
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
    audit: { oneStatement: true },
    errors: describedResult("enroll", "The new enrollment."),
    authScopes: async (_root, { input }, context) =>
      (await context.access.canSeeTraining(input.trainingId.id)) && (await context.access.canSeePerson(input.personId.id)) ? { staff: true } : false,
    type: Enrollment,
    description:
      "Adds a person to an open training; a TRAINER must be qualified for it (see EnrollmentRole). STAFF keys when both the training and the person lie in their subtree, or ADMIN.",
    args: { input: t.arg({ type: EnrollInput, required: true, description: "The training, the person and their role." }) },
    resolve: async (query, _root, { input }, context) => {
      const answer = enrollmentAnswer(context, query);
      return answer(await enroll(context.db, { trainingId: input.trainingId.id, personId: input.personId.id, role: input.role }, context.checkedWrite));
    },
  }),
  recordAttendance: t.prismaField({
    audit: true,
    errors: describedResult("recordAttendance", "The enrollment with its new `daysAttended`."),
    authScopes: enrollmentWrite,
    type: Enrollment,
    description: "Sets how many days someone attended an open training. STAFF keys within the training's subtree, or ADMIN.",
    args: {
      enrollmentId: t.arg.globalID({ required: true, for: Enrollment, description: "The enrollment's global ID." }),
      daysAttended: t.arg.int({ required: true, description: "Days attended, from 0 to the training's `days` (any whole number while its dates are unknown)." }),
    },
    resolve: async (query, _root, args, context) => {
      const answer = enrollmentAnswer(context, query);
      return answer(await recordAttendance(context.db, args.enrollmentId.id, args.daysAttended));
    },
  }),
  recordScores: t.prismaField({
    audit: { oneStatement: true },
    errors: describedResult("recordScores", "The enrollment with its scores as they now are."),
    authScopes: enrollmentWrite,
    type: Enrollment,
    description: "Records pre- and post-test scores in an open training. STAFF keys within the training's subtree, or ADMIN.",
    args: {
      enrollmentId: t.arg.globalID({ required: true, for: Enrollment, description: "The enrollment's global ID." }),
      preTestScore: t.arg.int({ description: "0–100; null clears it, omitted keeps it." }),
      postTestScore: t.arg.int({ description: "0–100; null clears it, omitted keeps it." }),
    },
    resolve: async (query, _root, args, context) => {
      const scores = { preTestScore: args.preTestScore, postTestScore: args.postTestScore };
      const answer = enrollmentAnswer(context, query);
      return answer(await recordScores(context.db, args.enrollmentId.id, scores, context.checkedWrite));
    },
  }),
}));
