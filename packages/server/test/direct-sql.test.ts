import * as v from "valibot";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, UnexpectedRowError } from "../src/db/sql-statement.js";
import { createPrismaClient, directSqlOf } from "../src/db/prisma.js";
import { sharedDatabase } from "./support/shared-database.js";

const prisma = createPrismaClient(sharedDatabase());
afterAll(() => prisma.$disconnect());

describe("hand-written statements", () => {
  it("give their rows in the declared shape", async () => {
    const province = { text: "SELECT code, name FROM province WHERE code = $1", row: v.strictObject({ code: v.string(), name: v.string() }) };
    expect(await directSqlOf(prisma).rows(province, ["73"])).toEqual([{ code: "73", name: "Sulawesi Selatan" }]);
  });

  it("reject a row of another shape with UnexpectedRowError naming the column, instead of passing it on", async () => {
    const countAsText = { text: "SELECT code, kabupaten_count::text AS count FROM province WHERE code = $1", row: v.strictObject({ code: v.string(), count: v.number() }) };
    await expect(directSqlOf(prisma).rows(countAsText, ["73"])).rejects.toThrow(UnexpectedRowError);
    await expect(directSqlOf(prisma).rows(countAsText, ["73"])).rejects.toThrow(/count: Invalid type: Expected number but received "24"/);
    const extraColumn = { text: "SELECT code, name FROM province WHERE code = $1", row: v.strictObject({ code: v.string() }) };
    await expect(directSqlOf(prisma).rows(extraColumn, ["73"])).rejects.toThrow(/name: Invalid key/);
  });

  it("sent through Prisma's raw queries, reject a row of another shape the same way", async () => {
    const province = { text: "SELECT code, name FROM province WHERE code = $1", row: v.strictObject({ code: v.string(), name: v.string() }) };
    expect(await queryRows(prisma, province, ["73"])).toEqual([{ code: "73", name: "Sulawesi Selatan" }]);
    // Prisma maps count(*) (int8) to a bigint: a shape that says number is told so.
    const countAsBigint = { text: "SELECT count(*) AS count FROM province", row: v.strictObject({ count: v.number() }) };
    await expect(queryRows(prisma, countAsBigint)).rejects.toThrow(/count: Invalid type: Expected number but received/);
    const [row] = await queryRows(prisma, { ...countAsBigint, row: v.strictObject({ count: v.bigint() }) });
    expect(typeof row?.count).toBe("bigint");
  });
});
