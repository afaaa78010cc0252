import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/db/prisma.js";
import { createTestApi } from "./support/graphql-api.js";
import { sharedDatabase } from "./support/shared-database.js";

const api = createTestApi();
/** Another client on the same database, as another server process would be. */
const otherProcess = createPrismaClient(sharedDatabase());
const marker = `rc-${process.pid}-${Date.now().toString(36)}`;

afterAll(async () => {
  await otherProcess.training.deleteMany({ where: { title: { contains: marker } } });
  await otherProcess.person.deleteMany({ where: { fullName: { contains: marker } } });
  await otherProcess.$disconnect();
  await api.close();
});

const certifiedIn7371 = async () => {
  const response = await api.query<{ coverage: { certifiedTrainers: number } }>('{ coverage(regionCode: "73.71") { certifiedTrainers } }');
  expect(response.errors).toBeUndefined();
  return response.data!.coverage.certifiedTrainers;
};

const dataVersion = async () => (await otherProcess.dataVersion.findUniqueOrThrow({ where: { id: 1 } })).version;

describe("cached coverage", () => {
  it("reads do not move the data version; every write does", async () => {
    const before = await dataVersion();
    await certifiedIn7371();
    await certifiedIn7371();
    expect(await dataVersion()).toBe(before);
    await otherProcess.person.create({ data: { fullName: `Reader ${marker}`, institution: "OTHER", homeProvinceCode: "73" } });
    expect(await dataVersion()).toBeGreaterThan(before);
  });

  it("answers from fresh data after another process writes, never from the cache", async () => {
    const before = await certifiedIn7371();
    expect(await certifiedIn7371()).toBe(before);
    const tot = await otherProcess.training.create({
      data: { level: "PROVINCIAL_TOT", provinceCode: "73", title: `ToT ${marker}`, status: "COMPLETED" },
    });
    const trainer = await otherProcess.person.create({
      data: { fullName: `Trainer ${marker}`, institution: "BAPPEDA", homeProvinceCode: "73", homeKabupatenCode: "73.71" },
    });
    await otherProcess.enrollment.create({
      data: { trainingId: tot.id, personId: trainer.id, role: "PARTICIPANT", completed: true, certifiedTrainer: true },
    });
    expect(await certifiedIn7371()).toBe(before + 1);
  });
});
