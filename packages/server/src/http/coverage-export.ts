import type { Plugin } from "graphql-yoga";
import type { Caller } from "../access/caller.js";
import type { RateLimitLeases } from "../access/rate-limit-leases.js";
import { callerCovers } from "../access/region-access.js";
import type { PrismaClient } from "../db/prisma.js";
import { parseCalendarDay } from "../cascade/calendar-date.js";
import { coverageFilterProblem, defaultTrainerTarget, type CoverageFilter } from "../reports/coverage.js";
import { coverageTable } from "../reports/coverage-table.js";
import { toCsv } from "../reports/csv.js";
import type { Table } from "../reports/table.js";
import { toXlsx } from "../reports/xlsx.js";
import { levelOfCode } from "../regions/codes.js";
import { regionTable } from "../regions/queries.js";
import { bearerChallenge, type RequestCallers } from "./authentication.js";
import { reportNodes } from "../schema/field-costs.js";
import { chargeCaller, pointsForNodes, rateLimitHeaders, rateLimitMessage, retryAfterSeconds, type RateLimitPolicy } from "./rate-limit.js";

class ExportRequestError extends Error {}

function dateParam(params: URLSearchParams, name: string): Date | null {
  const value = params.get(name);
  if (value === null || value === "") return null;
  const day = parseCalendarDay(value);
  if (typeof day === "string") throw new ExportRequestError(`"${name}": ${day}`);
  return day;
}

/** A whole number as typed; its range is the filter's to judge (coverageFilterProblem), before any SQL. */
function intParam(params: URLSearchParams, name: string): number | null {
  const value = params.get(name);
  if (value === null || value === "") return null;
  if (!/^\d{1,15}$/.test(value)) throw new ExportRequestError(`"${name}" must be a whole number, got "${value.slice(0, 40)}".`);
  return Number(value);
}

async function exportRequest(prisma: PrismaClient, params: URLSearchParams): Promise<{ code: string | null; filter: CoverageFilter }> {
  // Every parameter is judged before the one check that needs SQL (does the region exist?).
  const filter = {
    stage: intParam(params, "stage"),
    from: dateParam(params, "from"),
    to: dateParam(params, "to"),
    trainerTarget: intParam(params, "trainerTarget") ?? defaultTrainerTarget,
  };
  const problem = coverageFilterProblem(filter);
  if (problem) throw new ExportRequestError(problem);
  const code = params.get("region") || null;
  if (code !== null) {
    const level = levelOfCode(code);
    if (!level) throw new ExportRequestError(`"region" must be a region code like 73 or 73.71, got "${code.slice(0, 40)}".`);
    if ((await regionTable(prisma, level).count({ where: { code: { in: [code] } } })) === 0) {
      throw new ExportRequestError(`No region has the code "${code}".`);
    }
  }
  return { code, filter };
}

/** The formats the coverage export is served in, by path: each writes the same table. */
const formats = new Map<string, { extension: string; contentType: string; write: (table: Table) => Promise<BodyInit> }>([
  [
    "/export/coverage.csv",
    {
      extension: "csv",
      contentType: "text/csv; charset=utf-8",
      write: async ({ columns, rows }) => toCsv([columns.map((column) => column.header), ...rows]),
    },
  ],
  [
    "/export/coverage.xlsx",
    {
      extension: "xlsx",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      write: async (table) => new Uint8Array(await toXlsx(table, "Coverage")),
    },
  ],
]);

const plainText = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

/**
 * The same rule as the GraphQL coverage fields: a PARTNER key or above; a STAFF key only for a
 * region in its subtree (so never the whole country). Null when the caller may have the export.
 */
function refusalOf(caller: Caller, code: string | null): Response | null {
  if (caller.role === "ANONYMOUS") {
    return plainText(401, "The coverage export needs a PARTNER, STAFF or ADMIN key: send `Authorization: Bearer <key>`.", bearerChallenge);
  }
  if (!callerCovers(caller, code)) {
    return plainText(403, `This STAFF key may export only region ${caller.regionCode} and the regions below it.`);
  }
  return null;
}

/**
 * `GET /export/coverage.csv` or `/export/coverage.xlsx` `?region=73&stage=3[&from=…&to=…&trainerTarget=…]`:
 * the coverage of each child region as a spreadsheet-ready CSV (see reports/csv.ts) or Excel
 * workbook (reports/xlsx.ts), one request path for both so that they answer alike. No region:
 * the provinces. Bad parameters get a 400 with a plain message.
 */
/** An export costs what the GraphQL coverage query it mirrors costs: one report roll-up. */
const exportPoints = pointsForNodes(reportNodes);

export function useCoverageExport(prisma: PrismaClient, leases: RateLimitLeases, callers: RequestCallers, rateLimit: RateLimitPolicy): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      const format = formats.get(url.pathname);
      if (!format) return;
      if (request.method !== "GET") return endResponse(new Response("Use GET.\n", { status: 405, headers: { allow: "GET" } }));
      const caller = callers.of(request);
      const refusal = refusalOf(caller, url.searchParams.get("region") || null);
      if (refusal) return endResponse(refusal);
      try {
        // Charged like any GraphQL operation, against the same window.
        const charge = await chargeCaller(leases, caller, exportPoints, rateLimit);
        const limitHeaders = rateLimitHeaders(charge);
        if (!charge.allowed) {
          return endResponse(plainText(429, rateLimitMessage(charge, exportPoints), { ...limitHeaders, "Retry-After": String(retryAfterSeconds(charge)) }));
        }
        const { code, filter } = await exportRequest(prisma, url.searchParams);
        const body = await format.write(await coverageTable(prisma, code, filter));
        const name = `coverage-${code ?? "indonesia"}${filter.stage ? `-stage-${filter.stage}` : ""}.${format.extension}`;
        endResponse(
          new Response(body, {
            headers: { ...limitHeaders, "content-type": format.contentType, "content-disposition": `attachment; filename="${name}"` },
          }),
        );
      } catch (error) {
        // Anything else is answered by the HTTP edge (edge.ts): masked, or 503 for a database outage.
        if (!(error instanceof ExportRequestError)) throw error;
        endResponse(plainText(400, error.message));
      }
    },
  };
}
