import type { Plugin } from "graphql-yoga";
import type { PrismaClient } from "../db/prisma.js";
import { coverageFilterProblem, defaultTrainerTarget, type CoverageFilter } from "../reports/coverage.js";
import { coverageTable } from "../reports/coverage-table.js";
import { toCsv } from "../reports/csv.js";
import { levelOfCode } from "../schema/region-codes.js";
import { regionTable } from "../schema/region-queries.js";

class ExportRequestError extends Error {}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function dateParam(params: URLSearchParams, name: string): Date | null {
  const value = params.get(name);
  if (value === null || value === "") return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (!isoDate.test(value) || Number.isNaN(date.getTime())) throw new ExportRequestError(`"${name}" must be a date like 2024-06-18, got "${value}".`);
  return date;
}

function intParam(params: URLSearchParams, name: string): number | null {
  const value = params.get(name);
  if (value === null || value === "") return null;
  if (!/^\d+$/.test(value)) throw new ExportRequestError(`"${name}" must be a whole number, got "${value}".`);
  return Number(value);
}

async function exportRequest(prisma: PrismaClient, params: URLSearchParams): Promise<{ code: string | null; filter: CoverageFilter }> {
  const code = params.get("region") || null;
  if (code !== null) {
    const level = levelOfCode(code);
    if (!level) throw new ExportRequestError(`"region" must be a region code like 73 or 73.71, got "${code}".`);
    if ((await regionTable(prisma, level).count({ where: { code: { in: [code] } } })) === 0) {
      throw new ExportRequestError(`No region has the code "${code}".`);
    }
  }
  const filter = {
    stage: intParam(params, "stage"),
    from: dateParam(params, "from"),
    to: dateParam(params, "to"),
    trainerTarget: intParam(params, "trainerTarget") ?? defaultTrainerTarget,
  };
  const problem = coverageFilterProblem(filter);
  if (problem) throw new ExportRequestError(problem);
  return { code, filter };
}

/**
 * `GET /export/coverage.csv?region=73&stage=3[&from=…&to=…&trainerTarget=…]`: the coverage of
 * each child region as a spreadsheet-ready CSV (see reports/csv.ts). No region: the provinces.
 * Bad parameters get a 400 with a plain message.
 */
export function useCoverageExport(prisma: PrismaClient): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== "/export/coverage.csv") return;
      if (request.method !== "GET") return endResponse(new Response("Use GET.\n", { status: 405, headers: { allow: "GET" } }));
      try {
        const { code, filter } = await exportRequest(prisma, url.searchParams);
        const csv = toCsv(await coverageTable(prisma, code, filter));
        const name = `coverage-${code ?? "indonesia"}${filter.stage ? `-stage-${filter.stage}` : ""}.csv`;
        endResponse(
          new Response(csv, {
            headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` },
          }),
        );
      } catch (error) {
        if (!(error instanceof ExportRequestError)) throw error;
        endResponse(new Response(`${error.message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } }));
      }
    },
  };
}
