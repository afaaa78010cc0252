import DataLoader from "dataloader";
import * as v from "valibot";
import type { DirectSql } from "../db/direct-sql.js";
import type { SqlStatement } from "../db/sql-statement.js";
import type { Province } from "../db/generated/prisma/client.js";

/** A province's place in a stage, with the province itself read in the same statement. */
export interface StageProvinceRow {
  stageNumber: number;
  venueCity: string | null;
  participantQuota: number;
  province: Province;
}

type JoinedRow = Omit<StageProvinceRow, "province"> & Province;

/** The provinces of the given stages, each row a link with its province's columns. */
const stageProvincesOf: SqlStatement<JoinedRow> = {
  text: `
      SELECT sp.stage_number AS "stageNumber", sp.venue_city AS "venueCity", sp.participant_quota AS "participantQuota",
             p.code, p.name, p.kabupaten_count AS "kabupatenCount"
      FROM stage_province sp JOIN province p ON p.code = sp.province_code
      WHERE sp.stage_number = ANY($1::int[])
      ORDER BY sp.stage_number, p.code`,
  row: v.strictObject({
    stageNumber: v.number(),
    venueCity: v.nullable(v.string()),
    participantQuota: v.number(),
    code: v.string(),
    name: v.string(),
    kabupatenCount: v.number(),
  }),
};

export type StageProvinceLoader = DataLoader<number, StageProvinceRow[]>;

/**
 * The provinces of every stage asked for in a request, in code order, in one statement: a stage
 * listing its provinces and each province its kabupaten would otherwise cost a statement for the
 * links and another for the provinces.
 */
export function createStageProvinceLoader(sql: DirectSql): StageProvinceLoader {
  return new DataLoader(async (stageNumbers) => {
    const rows = await sql.rows(stageProvincesOf, [stageNumbers]);
    const byStage = new Map<number, StageProvinceRow[]>(stageNumbers.map((number) => [number, []]));
    for (const { stageNumber, venueCity, participantQuota, code, name, kabupatenCount } of rows) {
      byStage.get(stageNumber)?.push({ stageNumber, venueCity, participantQuota, province: { code, name, kabupatenCount } });
    }
    return stageNumbers.map((number) => byStage.get(number) ?? []);
  });
}
