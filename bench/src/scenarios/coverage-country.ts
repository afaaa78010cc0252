import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import { afterWritesDriver, type ColdWrites } from "./cold-writes.js";
import type { Driver, Scenario } from "./scenario.js";

/**
 * coverage-country: the national coverage roll-up with its 38 province rows, every count
 * indicator (no breakdowns by institution or module). PostGraphile has no equivalent, so ours is
 * compared with hand-written SQL only.
 *
 * Our server keeps report results per data version (see packages/server/src/reports/
 * report-cache.ts), so the same request twice is answered from memory. The "cold" variant asks
 * each time with a trainer target not asked before, which misses that cache without writing
 * anything; the "warm" variant repeats one request, which hits it.
 */
export type ReportCache = "cold" | "warm";

export interface KindCount {
  kind: string;
  reached: number;
  total: number;
}

export interface Counts {
  level: string;
  regionCode: string | null;
  region: { code: string; name: string } | null;
  trainerTarget: number;
  totParticipants: number;
  certifiedTrainers: number;
  kabupatenTotal: number;
  kabupatenMeetingTrainerTarget: number;
  kecamatanTrainingsHeld: number;
  kecamatanTrainingsPlanned: number;
  kecamatanApparatusTrained: number;
  facilitatorsTrained: number;
  kecamatanCovered: number;
  kecamatanTotal: number;
  villageSessionsHeld: number;
  villagesReached: number;
  villagesTotal: number;
  villagesByKind: KindCount[];
}

/** The shared shape: our server's answer. */
export interface CountryCoverage {
  coverage: Counts & { children: Counts[] };
}

/** The default trainer target, which the equivalence check asks for. */
export const defaultTrainerTarget = 5;

/** Every count indicator of a coverage row, as all coverage scenarios select it. */
export const countsFragment = `fragment Counts on Coverage {
  level regionCode region { code name } trainerTarget
  totParticipants certifiedTrainers kabupatenTotal kabupatenMeetingTrainerTarget
  kecamatanTrainingsHeld kecamatanTrainingsPlanned kecamatanApparatusTrained facilitatorsTrained
  kecamatanCovered kecamatanTotal villageSessionsHeld villagesReached villagesTotal
  villagesByKind { kind reached total }
}`;

const oursCoverageQuery = `${countsFragment}
query CountryCoverage($trainerTarget: Int!) {
  coverage(trainerTarget: $trainerTarget) { ...Counts children { ...Counts } }
}`;

/**
 * The roll-up in one statement, written from the indicators' definitions (docs/api.md, "Coverage"):
 * people count where they live, trainings where they are held, cancelled trainings never; a
 * village's kind is the first digit of its own segment (1 kelurahan, 2 desa, 3 desa adat). The
 * country row is the sum of the province rows, which every indicator here allows.
 */
const coverageSql = `WITH
participation AS (
  SELECT p.id AS person_id, p.home_province_code AS province, p.home_kabupaten_code AS kabupaten,
         p.home_kecamatan_code AS kecamatan, p.home_village_code AS village, p.institution,
         t.level, t.status, e.completed, e.certified_trainer,
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
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '3') AS desa_adat_reached
  FROM participation GROUP BY province),
-- Its own narrow query (a few thousand certified ToT enrollments), so the wide join above is read
-- once and inlined rather than materialised for two readers.
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
-- Per kecamatan first (7,285 groups on its index order), then per province.
villages AS (
  SELECT left(kecamatan_code, 2) AS province, sum(total) AS total, sum(desa) AS desa, sum(kelurahan) AS kelurahan, sum(desa_adat) AS desa_adat
  FROM (SELECT kecamatan_code, count(*) AS total, count(*) FILTER (WHERE kind = 'DESA') AS desa,
          count(*) FILTER (WHERE kind = 'KELURAHAN') AS kelurahan, count(*) FILTER (WHERE kind = 'DESA_ADAT') AS desa_adat
        FROM village GROUP BY kecamatan_code) per_kecamatan
  GROUP BY 1),
rows AS (
  SELECT pr.code, pr.name,
    coalesce(pe.tot_participants, 0) AS tot_participants, coalesce(pe.certified, 0) AS certified,
    coalesce(kb.total, 0) AS kabupaten_total, coalesce(kb.meeting, 0) AS kabupaten_meeting,
    coalesce(h.kecamatan_trainings_held, 0) AS kecamatan_trainings_held,
    coalesce(h.kecamatan_trainings_planned, 0) AS kecamatan_trainings_planned,
    coalesce(pe.apparatus, 0) AS apparatus, coalesce(pe.facilitators, 0) AS facilitators,
    coalesce(pe.kecamatan_covered, 0) AS kecamatan_covered, coalesce(kc.total, 0) AS kecamatan_total,
    coalesce(h.village_sessions_held, 0) AS village_sessions_held,
    coalesce(pe.villages_reached, 0) AS villages_reached, coalesce(v.total, 0) AS villages_total,
    coalesce(pe.desa_reached, 0) AS desa_reached, coalesce(v.desa, 0) AS desa_total,
    coalesce(pe.kelurahan_reached, 0) AS kelurahan_reached, coalesce(v.kelurahan, 0) AS kelurahan_total,
    coalesce(pe.desa_adat_reached, 0) AS desa_adat_reached, coalesce(v.desa_adat, 0) AS desa_adat_total
  FROM province pr
  LEFT JOIN people pe ON pe.province = pr.code
  LEFT JOIN kabupatens kb ON kb.province = pr.code
  LEFT JOIN held h ON h.province = pr.code
  LEFT JOIN kecamatans kc ON kc.province = pr.code
  LEFT JOIN villages v ON v.province = pr.code)
SELECT json_build_object('coverage', json_build_object(
  'level', 'COUNTRY', 'regionCode', NULL, 'region', NULL, 'trainerTarget', $1::int,
  'totParticipants', sum(tot_participants), 'certifiedTrainers', sum(certified),
  'kabupatenTotal', sum(kabupaten_total), 'kabupatenMeetingTrainerTarget', sum(kabupaten_meeting),
  'kecamatanTrainingsHeld', sum(kecamatan_trainings_held), 'kecamatanTrainingsPlanned', sum(kecamatan_trainings_planned),
  'kecamatanApparatusTrained', sum(apparatus), 'facilitatorsTrained', sum(facilitators),
  'kecamatanCovered', sum(kecamatan_covered), 'kecamatanTotal', sum(kecamatan_total),
  'villageSessionsHeld', sum(village_sessions_held), 'villagesReached', sum(villages_reached), 'villagesTotal', sum(villages_total),
  'villagesByKind', json_build_array(
    json_build_object('kind', 'DESA', 'reached', sum(desa_reached), 'total', sum(desa_total)),
    json_build_object('kind', 'KELURAHAN', 'reached', sum(kelurahan_reached), 'total', sum(kelurahan_total)),
    json_build_object('kind', 'DESA_ADAT', 'reached', sum(desa_adat_reached), 'total', sum(desa_adat_total))),
  'children', json_agg(json_build_object(
    'level', 'PROVINCE', 'regionCode', code, 'region', json_build_object('code', code, 'name', name), 'trainerTarget', $1::int,
    'totParticipants', tot_participants, 'certifiedTrainers', certified,
    'kabupatenTotal', kabupaten_total, 'kabupatenMeetingTrainerTarget', kabupaten_meeting,
    'kecamatanTrainingsHeld', kecamatan_trainings_held, 'kecamatanTrainingsPlanned', kecamatan_trainings_planned,
    'kecamatanApparatusTrained', apparatus, 'facilitatorsTrained', facilitators,
    'kecamatanCovered', kecamatan_covered, 'kecamatanTotal', kecamatan_total,
    'villageSessionsHeld', village_sessions_held, 'villagesReached', villages_reached, 'villagesTotal', villages_total,
    'villagesByKind', json_build_array(
      json_build_object('kind', 'DESA', 'reached', desa_reached, 'total', desa_total),
      json_build_object('kind', 'KELURAHAN', 'reached', kelurahan_reached, 'total', kelurahan_total),
      json_build_object('kind', 'DESA_ADAT', 'reached', desa_adat_reached, 'total', desa_adat_total)))
    ORDER BY code)))::text AS json
FROM rows`;

/**
 * Trainer targets for the cold variant: never one asked before in this process (the cache lives
 * in the server process, which a run starts afresh). Past the largest kabupaten's trainer count
 * the meeting count is simply 0; the work to compute it is the same.
 */
let nextColdTarget = 1000;

function coverageDriver(cache: ReportCache, send: (trainerTarget: number) => Promise<CountryCoverage>): Driver<CountryCoverage> {
  return {
    answer: () => send(defaultTrainerTarget),
    worker: () => async () => {
      await send(cache === "cold" ? nextColdTarget++ : defaultTrainerTarget);
    },
  };
}

export function coverageCountryScenario(cache: ReportCache): Scenario<CountryCoverage> {
  return {
    name: cache === "cold" ? "coverage-country" : "coverage-country-cached",
    description:
      cache === "cold"
        ? "national coverage roll-up with its 38 province rows (counts), report cache missed on every request"
        : "the same roll-up asked again: our report cache answers (raw SQL has no cache)",
    unit: "request",
    ours: (client: GraphQLClient) => coverageDriver(cache, (trainerTarget) => client.request<CountryCoverage>(oursCoverageQuery, { trainerTarget })),
    sql: (client: SqlClient) =>
      coverageDriver(cache, (trainerTarget) => client.json<CountryCoverage>({ name: "country_coverage", text: coverageSql, values: [trainerTarget] })),
  };
}

/**
 * coverage-country-x1, -x10, -x30: the same request on a database holding the national cascade
 * that many times over, each request after a write (cold-writes.ts), so every one is our report
 * cache's miss however the cache is keyed. Always the default trainer target.
 */
export function coverageCountryAfterWritesScenario(name: string, multiple: number, writes: ColdWrites): Scenario<CountryCoverage> {
  const driver = (send: (trainerTarget: number) => Promise<CountryCoverage>) => afterWritesDriver(() => send(defaultTrainerTarget), writes);
  return {
    name,
    description: `the national roll-up and its 38 province rows on the national cascade ×${multiple}, each request after a write (cold)`,
    unit: "request",
    ours: (client: GraphQLClient) => driver((trainerTarget) => client.request<CountryCoverage>(oursCoverageQuery, { trainerTarget })),
    sql: (client: SqlClient) => driver((trainerTarget) => client.json<CountryCoverage>({ name: "country_coverage", text: coverageSql, values: [trainerTarget] })),
  };
}
