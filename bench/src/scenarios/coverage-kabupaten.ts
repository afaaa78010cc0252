import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import { afterWritesDriver, type ColdWrites } from "./cold-writes.js";
import { countsFragment, defaultTrainerTarget, type Counts } from "./coverage-country.js";
import type { Scenario } from "./scenario.js";

/**
 * coverage-kabupaten-x30: one kabupaten's coverage with a row per kecamatan, every count, on the
 * national cascade ×30, each request after a write in that kabupaten (cold). Ours against one
 * hand-written statement.
 */
export interface KabupatenCoverage {
  coverage: Counts & { children: Counts[] };
}

const oursQuery = `${countsFragment}
query KabupatenCoverage($code: String!, $trainerTarget: Int!) {
  coverage(regionCode: $code, trainerTarget: $trainerTarget) { ...Counts children { ...Counts } }
}`;

/**
 * From the indicators' definitions (docs/api.md, "Coverage"), for kabupaten $1: people count where
 * they live and trainings where they are held, so the kabupaten's row also holds what sits at the
 * kabupaten itself (its ToT participants, its kecamatan trainings), which no kecamatan row has; its
 * distinct counts are taken over the whole kabupaten (GROUPING SETS: the kabupaten, then each
 * kecamatan). A village's kind is the first digit of its own segment; cancelled trainings never count.
 */
const coverageSql = `WITH
participation AS (
  SELECT p.id AS person_id, p.home_kecamatan_code AS kecamatan, p.home_village_code AS village, p.institution,
         t.level, e.certified_trainer,
         t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED' AND e.completed AS kecamatan_trained,
         t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED' AS village_session
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND t.status <> 'CANCELLED' AND p.home_kabupaten_code = $1),
people AS (
  SELECT CASE WHEN grouping(kecamatan) = 1 THEN $1 ELSE kecamatan END AS code,
    count(*) FILTER (WHERE level = 'PROVINCIAL_TOT') AS tot_participants,
    count(DISTINCT person_id) FILTER (WHERE level = 'PROVINCIAL_TOT' AND certified_trainer) AS certified,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'KECAMATAN') AS apparatus,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'FASILITATOR_KECAMATAN') AS facilitators,
    count(DISTINCT kecamatan) FILTER (WHERE kecamatan_trained) AS kecamatan_covered,
    count(DISTINCT village) FILTER (WHERE village_session) AS villages_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '2') AS desa_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '1') AS kelurahan_reached,
    count(DISTINCT village) FILTER (WHERE village_session AND substr(village, 10, 1) = '3') AS desa_adat_reached
  FROM participation GROUP BY GROUPING SETS ((), (kecamatan))
  HAVING grouping(kecamatan) = 1 OR kecamatan IS NOT NULL),
held AS (
  SELECT CASE WHEN grouping(kecamatan_code) = 1 THEN $1 ELSE kecamatan_code END AS code,
    count(*) FILTER (WHERE level = 'KECAMATAN_TRAINING' AND status = 'COMPLETED') AS kecamatan_trainings_held,
    count(*) FILTER (WHERE level = 'KECAMATAN_TRAINING' AND status IN ('PLANNED', 'ONGOING')) AS kecamatan_trainings_planned,
    count(*) FILTER (WHERE level = 'VILLAGE_SESSION' AND status = 'COMPLETED') AS village_sessions_held
  FROM training WHERE kabupaten_code = $1 GROUP BY GROUPING SETS ((), (kecamatan_code))
  HAVING grouping(kecamatan_code) = 1 OR kecamatan_code IS NOT NULL),
villages AS (
  SELECT CASE WHEN grouping(kecamatan_code) = 1 THEN $1 ELSE kecamatan_code END AS code,
    count(*) AS total, count(*) FILTER (WHERE kind = 'DESA') AS desa, count(*) FILTER (WHERE kind = 'KELURAHAN') AS kelurahan,
    count(*) FILTER (WHERE kind = 'DESA_ADAT') AS desa_adat
  FROM village WHERE kecamatan_code IN (SELECT code FROM kecamatan WHERE kabupaten_code = $1) GROUP BY GROUPING SETS ((), (kecamatan_code))),
trainers AS (
  SELECT count(DISTINCT p.id) AS n
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND e.certified_trainer AND t.level = 'PROVINCIAL_TOT' AND t.status <> 'CANCELLED' AND p.home_kabupaten_code = $1),
regions AS (
  SELECT 'KABUPATEN' AS level, kb.code, kb.name, 1 AS kabupaten_total,
    CASE WHEN (SELECT n FROM trainers) >= $2::int THEN 1 ELSE 0 END AS kabupaten_meeting,
    (SELECT count(*) FROM kecamatan WHERE kabupaten_code = $1) AS kecamatan_total
  FROM kabupaten kb WHERE kb.code = $1
  UNION ALL
  SELECT 'KECAMATAN', kc.code, kc.name, 0, 0, 1 FROM kecamatan kc WHERE kc.kabupaten_code = $1),
rows AS (
  SELECT r.level, r.code, r.name, r.kabupaten_total, r.kabupaten_meeting, r.kecamatan_total,
    coalesce(pe.tot_participants, 0) AS tot_participants, coalesce(pe.certified, 0) AS certified,
    coalesce(h.kecamatan_trainings_held, 0) AS kecamatan_trainings_held, coalesce(h.kecamatan_trainings_planned, 0) AS kecamatan_trainings_planned,
    coalesce(pe.apparatus, 0) AS apparatus, coalesce(pe.facilitators, 0) AS facilitators, coalesce(pe.kecamatan_covered, 0) AS kecamatan_covered,
    coalesce(h.village_sessions_held, 0) AS village_sessions_held, coalesce(pe.villages_reached, 0) AS villages_reached,
    coalesce(v.total, 0) AS villages_total,
    coalesce(pe.desa_reached, 0) AS desa_reached, coalesce(v.desa, 0) AS desa_total,
    coalesce(pe.kelurahan_reached, 0) AS kelurahan_reached, coalesce(v.kelurahan, 0) AS kelurahan_total,
    coalesce(pe.desa_adat_reached, 0) AS desa_adat_reached, coalesce(v.desa_adat, 0) AS desa_adat_total
  FROM regions r LEFT JOIN people pe ON pe.code = r.code LEFT JOIN held h ON h.code = r.code LEFT JOIN villages v ON v.code = r.code),
json_rows AS (
  SELECT level, code, json_build_object(
    'level', level, 'regionCode', code, 'region', json_build_object('code', code, 'name', name), 'trainerTarget', $2::int,
    'totParticipants', tot_participants, 'certifiedTrainers', certified,
    'kabupatenTotal', kabupaten_total, 'kabupatenMeetingTrainerTarget', kabupaten_meeting,
    'kecamatanTrainingsHeld', kecamatan_trainings_held, 'kecamatanTrainingsPlanned', kecamatan_trainings_planned,
    'kecamatanApparatusTrained', apparatus, 'facilitatorsTrained', facilitators,
    'kecamatanCovered', kecamatan_covered, 'kecamatanTotal', kecamatan_total,
    'villageSessionsHeld', village_sessions_held, 'villagesReached', villages_reached, 'villagesTotal', villages_total,
    'villagesByKind', json_build_array(
      json_build_object('kind', 'DESA', 'reached', desa_reached, 'total', desa_total),
      json_build_object('kind', 'KELURAHAN', 'reached', kelurahan_reached, 'total', kelurahan_total),
      json_build_object('kind', 'DESA_ADAT', 'reached', desa_adat_reached, 'total', desa_adat_total))) AS row
  FROM rows)
SELECT json_build_object('coverage', (
  (SELECT row::jsonb FROM json_rows WHERE level = 'KABUPATEN')
  || jsonb_build_object('children', coalesce((SELECT jsonb_agg(row::jsonb ORDER BY code) FROM json_rows WHERE level = 'KECAMATAN'), '[]'::jsonb))))::text AS json`;

export function coverageKabupatenAfterWritesScenario(name: string, code: string, multiple: number, writes: ColdWrites): Scenario<KabupatenCoverage> {
  const driver = (send: () => Promise<KabupatenCoverage>) => afterWritesDriver(send, writes);
  return {
    name,
    description: `kabupaten ${code} and its kecamatan rows (counts) on the national cascade ×${multiple}, each request after a write there (cold)`,
    unit: "request",
    ours: (client: GraphQLClient) => driver(() => client.request<KabupatenCoverage>(oursQuery, { code, trainerTarget: defaultTrainerTarget })),
    sql: (client: SqlClient) =>
      driver(() => client.json<KabupatenCoverage>({ name: "kabupaten_coverage", text: coverageSql, values: [code, defaultTrainerTarget] })),
  };
}
