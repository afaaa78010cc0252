import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import { afterWritesDriver, type ColdWrites } from "./cold-writes.js";
import { defaultTrainerTarget } from "./coverage-country.js";
import type { Scenario } from "./scenario.js";

/**
 * export-country-x30: the coverage export of the country as CSV (`GET /export/coverage.csv`, one
 * row per province, every count, rate and score average) on the national cascade ×30, each
 * request after a write (cold). The raw SQL answers the same numbers; the shared shape is the
 * table's data rows as the CSV's cells (text), the header row left out.
 */
export type ExportRows = string[][];

/** Cells of one RFC 4180 CSV (what the export writes: a byte-order mark, CRLF, quotes doubled inside quoted cells). */
export function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The province rows' counts and score sums, from the indicators' definitions (as coverage-country's SQL, plus the sums of the averages). */
const exportSql = `WITH
participation AS (
  SELECT p.id AS person_id, p.home_province_code AS province, p.home_kecamatan_code AS kecamatan, p.home_village_code AS village, p.institution,
         t.level, e.certified_trainer, e.pre_test_score AS pre, e.post_test_score AS post,
         t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED' AND e.completed AS kecamatan_trained,
         t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED' AS village_session
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND t.status <> 'CANCELLED'),
people AS (
  SELECT province,
    count(*) FILTER (WHERE level = 'PROVINCIAL_TOT') AS tot_participants,
    count(DISTINCT person_id) FILTER (WHERE level = 'PROVINCIAL_TOT' AND certified_trainer) AS certified,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'KECAMATAN') AS apparatus,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'FASILITATOR_KECAMATAN') AS facilitators,
    count(DISTINCT kecamatan) FILTER (WHERE kecamatan_trained) AS kecamatan_covered,
    count(DISTINCT village) FILTER (WHERE village_session) AS villages_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '2') AS desa_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '1') AS kelurahan_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '3') AS desa_adat_reached,
    coalesce(sum(pre), 0) AS pre_sum, count(pre) AS pre_n, coalesce(sum(post), 0) AS post_sum, count(post) AS post_n,
    coalesce(sum(post - pre), 0) AS gain_sum, count(post - pre) AS gain_n
  FROM participation GROUP BY province),
trainers AS (
  SELECT p.home_kabupaten_code AS kabupaten, count(DISTINCT p.id) AS n
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND e.certified_trainer AND t.level = 'PROVINCIAL_TOT' AND t.status <> 'CANCELLED'
    AND p.home_kabupaten_code IS NOT NULL
  GROUP BY p.home_kabupaten_code),
kabupatens AS (
  SELECT kb.province_code AS province, count(*) AS total, count(*) FILTER (WHERE coalesce(tr.n, 0) >= $1::int) AS meeting
  FROM kabupaten kb LEFT JOIN trainers tr ON tr.kabupaten = kb.code GROUP BY kb.province_code),
held AS (
  SELECT province_code AS province,
    count(*) FILTER (WHERE level = 'KECAMATAN_TRAINING' AND status = 'COMPLETED') AS kecamatan_trainings_held,
    count(*) FILTER (WHERE level = 'KECAMATAN_TRAINING' AND status IN ('PLANNED', 'ONGOING')) AS kecamatan_trainings_planned,
    count(*) FILTER (WHERE level = 'VILLAGE_SESSION' AND status = 'COMPLETED') AS village_sessions_held
  FROM training GROUP BY province_code),
kecamatans AS (SELECT left(code, 2) AS province, count(*) AS total FROM kecamatan GROUP BY 1),
villages AS (
  SELECT left(kecamatan_code, 2) AS province, count(*) AS total, count(*) FILTER (WHERE kind = 'DESA') AS desa,
    count(*) FILTER (WHERE kind = 'KELURAHAN') AS kelurahan, count(*) FILTER (WHERE kind = 'DESA_ADAT') AS desa_adat
  FROM village GROUP BY 1)
SELECT json_agg(json_build_object(
    'code', pr.code, 'name', pr.name,
    'totParticipants', coalesce(pe.tot_participants, 0), 'certifiedTrainers', coalesce(pe.certified, 0),
    'kabupatenMeetingTrainerTarget', coalesce(kb.meeting, 0), 'kabupatenTotal', coalesce(kb.total, 0),
    'kecamatanTrainingsHeld', coalesce(h.kecamatan_trainings_held, 0), 'kecamatanTrainingsPlanned', coalesce(h.kecamatan_trainings_planned, 0),
    'apparatus', coalesce(pe.apparatus, 0), 'facilitators', coalesce(pe.facilitators, 0),
    'kecamatanCovered', coalesce(pe.kecamatan_covered, 0), 'kecamatanTotal', coalesce(kc.total, 0),
    'villageSessionsHeld', coalesce(h.village_sessions_held, 0), 'villagesReached', coalesce(pe.villages_reached, 0), 'villagesTotal', coalesce(v.total, 0),
    'desaReached', coalesce(pe.desa_reached, 0), 'desaTotal', coalesce(v.desa, 0),
    'kelurahanReached', coalesce(pe.kelurahan_reached, 0), 'kelurahanTotal', coalesce(v.kelurahan, 0),
    'desaAdatReached', coalesce(pe.desa_adat_reached, 0), 'desaAdatTotal', coalesce(v.desa_adat, 0),
    'preSum', coalesce(pe.pre_sum, 0), 'preCount', coalesce(pe.pre_n, 0), 'postSum', coalesce(pe.post_sum, 0), 'postCount', coalesce(pe.post_n, 0),
    'gainSum', coalesce(pe.gain_sum, 0), 'gainCount', coalesce(pe.gain_n, 0))
  ORDER BY pr.code)::text AS json
FROM province pr
LEFT JOIN people pe ON pe.province = pr.code
LEFT JOIN kabupatens kb ON kb.province = pr.code
LEFT JOIN held h ON h.province = pr.code
LEFT JOIN kecamatans kc ON kc.province = pr.code
LEFT JOIN villages v ON v.province = pr.code`;

interface ProvinceRow {
  code: string;
  name: string;
  [count: string]: string | number;
}

/** A number as the export writes it: rates to 4 decimals, averages to 2, nothing where there is no whole. */
const ratio = (part: number, whole: number, digits: number) => (whole === 0 ? "" : String(Number((part / whole).toFixed(digits))));

/** The export's cells of one province, in its columns' order (packages/server/src/reports/coverage-table.ts). */
function cellsOf(row: ProvinceRow, trainerTarget: number): string[] {
  const n = (name: string) => Number(row[name] ?? Number.NaN);
  const counts = (...names: string[]) => names.map((name) => String(n(name)));
  return [
    row.code,
    row.name,
    ...counts("totParticipants", "certifiedTrainers", "kabupatenMeetingTrainerTarget", "kabupatenTotal"),
    String(trainerTarget),
    ...counts("kecamatanTrainingsHeld", "kecamatanTrainingsPlanned", "apparatus", "facilitators", "kecamatanCovered", "kecamatanTotal"),
    ratio(n("kecamatanCovered"), n("kecamatanTotal"), 4),
    ...counts("villageSessionsHeld", "villagesReached", "villagesTotal"),
    ratio(n("villagesReached"), n("villagesTotal"), 4),
    ...counts("desaReached", "desaTotal", "kelurahanReached", "kelurahanTotal", "desaAdatReached", "desaAdatTotal"),
    ratio(n("preSum"), n("preCount"), 2),
    ratio(n("postSum"), n("postCount"), 2),
    ratio(n("gainSum"), n("gainCount"), 2),
  ];
}

export function exportCountryAfterWritesScenario(name: string, multiple: number, writes: ColdWrites): Scenario<ExportRows> {
  const driver = (send: () => Promise<ExportRows>) => afterWritesDriver(send, writes);
  return {
    name,
    description: `the country's coverage export as CSV (a row per province, counts, rates, averages) on the national cascade ×${multiple}, each request after a write (cold)`,
    unit: "request",
    ours: (client: GraphQLClient) =>
      driver(async () => csvCells(await client.getText(`/export/coverage.csv?trainerTarget=${defaultTrainerTarget}`)).slice(1)),
    sql: (client: SqlClient) =>
      driver(async () =>
        (await client.json<ProvinceRow[]>({ name: "country_export", text: exportSql, values: [defaultTrainerTarget] })).map((row) => cellsOf(row, defaultTrainerTarget)),
      ),
  };
}
