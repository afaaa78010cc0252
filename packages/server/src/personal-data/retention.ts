import { encodeGlobalID } from "@pothos/plugin-relay";
import * as v from "valibot";
import { auditedWrite, localOperator } from "../access/audit-log.js";
import { erasePerson } from "../cascade/erase-person.js";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import { InvalidSettingError } from "../invalid-setting-error.js";
import { purgeErasedRemnants } from "./erased-remnants.js";

const maxRetentionYears = 100;

/**
 * P3PD_RETENTION_YEARS: how many years personal data is kept after a person's last enrollment
 * activity; unset (or empty), it is kept for as long as the platform runs (see
 * docs/access-and-personal-data.md, "Retention", for why that is the default).
 */
export function retentionYearsFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const value = env.P3PD_RETENTION_YEARS?.trim();
  if (!value) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > maxRetentionYears) {
    throw new InvalidSettingError(
      `P3PD_RETENTION_YEARS must be a whole number of years from 1 to ${maxRetentionYears} (or unset: keep personal data), got "${value}".`,
    );
  }
  return Number(value);
}

/**
 * People not erased whose last activity is more than `$1` years ago. A person's last activity is
 * the latest of: their record's creation, and for each of their enrollments its creation, its last
 * change (attendance, scores, completion, certificate) and its training's start and end days.
 * Timestamps are stored in UTC, so the cut-off is UTC too.
 */
const inactivePeople: SqlStatement<{ id: string; provinceCode: string; lastActivity: Date }> = {
  text: `SELECT id::text AS id, home_province_code AS "provinceCode", last_activity AS "lastActivity"
      FROM (SELECT p.id, p.home_province_code,
                   greatest(p.created_at, (SELECT max(greatest(e.created_at, e.updated_at, t.starts_on::timestamp, t.ends_on::timestamp))
                                             FROM enrollment e JOIN training t ON t.id = e.training_id WHERE e.person_id = p.id)) AS last_activity
              FROM person p WHERE p.erased_at IS NULL) AS people
     WHERE last_activity < (now() AT TIME ZONE 'UTC') - make_interval(years => $1::int)
     ORDER BY id`,
  row: v.strictObject({ id: v.string(), provinceCode: v.string(), lastActivity: v.date() }),
};

export interface RetentionResult {
  years: number;
  /** People past the period: erased now, or for a dry run, who would be. */
  people: number;
  /** The same by home province code, in code order. */
  byProvince: { provinceCode: string; people: number }[];
  /** The most recent last activity among them; null when there are none. */
  latestActivity: Date | null;
}

/** The reason the audit record of each retention erasure keeps. */
export const retentionReason = (years: number) => `retention: no enrollment activity for ${years} years (P3PD_RETENTION_YEARS)`;

/**
 * Erases the personal data of everyone with no enrollment activity for `years` years, each through
 * erasePerson in a transaction of its own with its audit record (the local operator as actor, the
 * retention rule as reason), exactly as `erasePerson` over the API; then removes what the database's
 * files still hold of them, once for all. A dry run only counts them. Running it again finds the
 * people erased already done, so an interrupted run is finished by the next.
 */
export async function applyRetention(prisma: PrismaClient, years: number, options: { dryRun: boolean }): Promise<RetentionResult> {
  const people = await queryRows(prisma, inactivePeople, [years]);
  const counts = new Map<string, number>();
  for (const person of people) counts.set(person.provinceCode, (counts.get(person.provinceCode) ?? 0) + 1);
  const result = {
    years,
    people: people.length,
    byProvince: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([provinceCode, count]) => ({ provinceCode, people: count })),
    latestActivity: people.reduce<Date | null>((latest, person) => (latest && latest > person.lastActivity ? latest : person.lastActivity), null),
  };
  if (options.dryRun || people.length === 0) return result;
  const reason = retentionReason(years);
  for (const person of people) {
    await auditedWrite(prisma, {
      actor: localOperator(),
      action: "erasePerson",
      arguments: { id: encodeGlobalID("Person", person.id), reason },
      run: (tx) => erasePerson(tx, person.id, reason),
      outcomeOf: (erasure) => ({ outcome: "OK", subjectId: erasure.id }),
      outcomeOfError: (error) => (error instanceof Error ? error.name : "INTERNAL_SERVER_ERROR"),
    });
  }
  await purgeErasedRemnants(prisma);
  return result;
}

/** What `p3pd retention apply` prints. */
export function describeRetention(result: RetentionResult, dryRun: boolean): string {
  if (result.people === 0) return `No one has gone ${result.years} years without enrollment activity: nothing to erase.\n`;
  const done = dryRun ? "would be erased (dry run: nothing changed)" : "erased";
  const lines = [`${result.people} people with no enrollment activity for ${result.years} years ${done}.`, "By home province:"];
  for (const { provinceCode, people } of result.byProvince) lines.push(`  ${provinceCode}: ${people}`);
  if (result.latestActivity) lines.push(`The most recent last activity among them: ${result.latestActivity.toISOString().slice(0, 10)}.`);
  return `${lines.join("\n")}\n`;
}
