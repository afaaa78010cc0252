import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { CriticalityLevel, diff } from "@graphql-inspector/core";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import semver from "semver";

/** A released version of the contract: the SDK's version it shipped in, and its SDL. */
export interface Release {
  version: string;
  sdl: string;
}

const contractDir = path.dirname(createRequire(import.meta.url).resolve("@p3pd/contract/schema.graphql"));

/** The contract SDL as committed now. */
export const readContractSdl = (): Promise<string> => readFile(path.join(contractDir, "schema.graphql"), "utf8");

/**
 * The last release's SDL: the highest version among `packages/contract/released/schema-<version>.graphql`,
 * where each release keeps a copy of the SDL it shipped.
 */
export async function readLastRelease(): Promise<Release> {
  const releasedDir = path.join(contractDir, "released");
  const versions = (await readdir(releasedDir)).flatMap((file) => {
    const version = /^schema-(.+)\.graphql$/.exec(file)?.[1];
    return version !== undefined && semver.valid(version) ? [version] : [];
  });
  const [last] = versions.sort(semver.rcompare);
  if (last === undefined) throw new Error(`No released SDL (schema-<version>.graphql) in ${releasedDir}`);
  return { version: last, sdl: await readFile(path.join(releasedDir, `schema-${last}.graphql`), "utf8") };
}

/** What graphql-inspector calls breaking from one SDL to the next, each in its own words. */
export async function breakingChanges(releasedSdl: string, currentSdl: string): Promise<string[]> {
  const changes = await diff(buildSchema(releasedSdl), buildSchema(currentSdl));
  return changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking).map((change) => change.message);
}

/**
 * Whether `version` may break what the release `released` promised. Semver moves the major part
 * for a breaking change, and while it is 0.x the minor part: exactly the later versions that the
 * release's caret range (`^0.1.0`: below 0.2.0; `^1.4.0`: below 2.0.0) leaves out, so a partner's
 * `npm install @p3pd/sdk@^<released>` never picks up a break unasked.
 */
export function mayBreak(released: string, version: string): boolean {
  return semver.gt(version, released) && !semver.satisfies(version, `^${released}`);
}

/**
 * A deprecation's reason ends with its removal date, e.g. "Use `regions` instead. Removed after
 * 2027-06-30." (see packages/sdk/CHANGELOG.md).
 */
const removalDate = /Removed after (\d{4}-\d{2}-\d{2})\.$/;

const isCalendarDay = (day: string) => {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
};

/** Every `@deprecated` element of an SDL whose reason gives no removal date, by schema coordinate. */
export function deprecationsWithoutRemovalDate(sdl: string): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, reason: string | null | undefined) => {
    if (reason == null) return;
    const day = removalDate.exec(reason)?.[1];
    if (day === undefined || !isCalendarDay(day)) missing.push(coordinate);
  };
  const schema = buildSchema(sdl);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.deprecationReason);
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.deprecationReason);
  }
  return missing;
}
