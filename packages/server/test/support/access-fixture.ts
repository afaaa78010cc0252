import { createApiKey } from "../../src/access/api-keys.js";
import type { PrismaClient } from "../../src/db/prisma.js";
import { sealPersonFields } from "../../src/personal-data/personal-fields.js";

/**
 * Rows and keys for the access-control tests, written straight to the shared database and removed
 * afterwards. "Inside" is kabupaten `staffRegion` (the first of province 91, Papua, where no other test
 * writes); "outside" is province 92, plus the provincial ToT of province 91, which lies above the kabupaten.
 *
 * Person `insider` lives in a village of `staffRegion`, has every personal field, took the ToT
 * (certified) and is enrolled in a kecamatan training inside and one outside. `outsider` lives in
 * province 92 and is enrolled only outside.
 */
export interface AccessFixture {
  marker: string;
  staffRegion: string;
  villageCode: string;
  kecamatanCode: string;
  outsideKabupaten: string;
  trainings: { tot: string; inside: string; outside: string };
  people: { insider: string; outsider: string };
  enrollments: { totInsider: string; insideInsider: string; outsideInsider: string; outsideOutsider: string };
  keys: { partner: string; staff: string; admin: string; revoked: string };
  remove(): Promise<void>;
}

const firstCode = async (rows: Promise<{ code: string }[]>) => {
  const [row] = await rows;
  if (!row) throw new Error("The shared database lacks the tree");
  return row.code;
};

export async function createAccessFixture(prisma: PrismaClient, label: string): Promise<AccessFixture> {
  const marker = `${label}-${process.pid}-${Date.now().toString(36)}`;
  const [inProvince, outProvince] = ["91", "92"];
  const staffRegion = await firstCode(prisma.kabupaten.findMany({ where: { provinceCode: inProvince }, orderBy: { code: "asc" }, take: 1 }));
  const kecamatanCode = await firstCode(prisma.kecamatan.findMany({ where: { kabupatenCode: staffRegion }, orderBy: { code: "asc" }, take: 1 }));
  const villageCode = await firstCode(prisma.village.findMany({ where: { kecamatanCode }, orderBy: { code: "asc" }, take: 1 }));
  const outsideKabupaten = await firstCode(prisma.kabupaten.findMany({ where: { provinceCode: outProvince }, orderBy: { code: "asc" }, take: 1 }));

  const training = (data: { level: "PROVINCIAL_TOT" | "KECAMATAN_TRAINING"; provinceCode: string; kabupatenCode?: string }) =>
    prisma.training.create({ data: { ...data, title: `Access ${data.level} ${marker}`, status: "COMPLETED" }, select: { id: true } });
  const tot = await training({ level: "PROVINCIAL_TOT", provinceCode: inProvince });
  const inside = await training({ level: "KECAMATAN_TRAINING", provinceCode: inProvince, kabupatenCode: staffRegion });
  const outside = await training({ level: "KECAMATAN_TRAINING", provinceCode: outProvince, kabupatenCode: outsideKabupaten });

  const uniqueDigits = String(Date.now() % 10 ** 10).padStart(10, "0") + String(process.pid % 10 ** 5).padStart(5, "0");
  const insider = await prisma.person.create({
    data: {
      fullName: `Insider ${marker}`,
      ...sealPersonFields({ nik: `1${uniqueDigits}`, phone: "+62 811 0000 001", email: `insider.${marker}@example.org` }),
      institution: "INSPEKTORAT",
      homeProvinceCode: inProvince,
      homeKabupatenCode: staffRegion,
      homeKecamatanCode: kecamatanCode,
      homeVillageCode: villageCode,
    },
    select: { id: true },
  });
  const outsider = await prisma.person.create({
    data: {
      fullName: `Outsider ${marker}`,
      ...sealPersonFields({ nik: `2${uniqueDigits}`, phone: "+62 811 0000 002", email: `outsider.${marker}@example.org` }),
      institution: "BAPPEDA",
      homeProvinceCode: outProvince,
      homeKabupatenCode: outsideKabupaten,
    },
    select: { id: true },
  });
  const enrol = (trainingId: string, personId: string, certifiedTrainer = false) =>
    prisma.enrollment.create({
      data: { trainingId, personId, role: "PARTICIPANT", completed: true, certifiedTrainer, daysAttended: 5, preTestScore: 50, postTestScore: 80 },
      select: { id: true },
    });
  const enrollments = {
    totInsider: (await enrol(tot.id, insider.id, true)).id,
    insideInsider: (await enrol(inside.id, insider.id)).id,
    outsideInsider: (await enrol(outside.id, insider.id)).id,
    outsideOutsider: (await enrol(outside.id, outsider.id)).id,
  };

  const key = async (role: string, regionCode?: string) => (await createApiKey(prisma, { role, regionCode, name: `${role} ${marker}` })).key;
  const revoked = await createApiKey(prisma, { role: "PARTNER", name: `revoked ${marker}` });
  await prisma.apiKey.update({ where: { id: revoked.apiKey.id }, data: { revokedAt: new Date() } });
  const keys = { partner: await key("PARTNER"), staff: await key("STAFF", staffRegion), admin: await key("ADMIN"), revoked: revoked.key };

  const trainingIds = [tot.id, inside.id, outside.id];
  return {
    marker,
    staffRegion,
    villageCode,
    kecamatanCode,
    outsideKabupaten,
    trainings: { tot: tot.id, inside: inside.id, outside: outside.id },
    people: { insider: insider.id, outsider: outsider.id },
    enrollments,
    keys,
    async remove() {
      // Trainings take their enrollments with them (ON DELETE CASCADE); keys stay, revoked,
      // because the append-only audit trail may name them.
      await prisma.training.deleteMany({ where: { id: { in: trainingIds } } });
      await prisma.enrollment.deleteMany({ where: { personId: { in: [insider.id, outsider.id] } } });
      await prisma.person.deleteMany({ where: { id: { in: [insider.id, outsider.id] } } });
      await prisma.apiKey.updateMany({ where: { name: { endsWith: marker }, revokedAt: null }, data: { revokedAt: new Date() } });
    },
  };
}
