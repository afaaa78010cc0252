/**
 * Apollo Client 4's normalised cache, configured with `@p3pd/sdk/apollo` as a partner's app
 * configures it, against a live server: `fetchMore` keeps every page of a query that selects only
 * `nodes` (Apollo's own relayStylePagination keeps the last one), and the curated operations,
 * with the partner's own queries asking other fields of the same objects, write to the cache
 * without the "Cache data may be lost" warning Apollo gives for a type without an `id`.
 */
import { randomBytes } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql, type DocumentNode, type OperationVariables } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { removeMarkedRows, sharedDatabase, silentProgress, startServer, testAdminKey, unlimitedRates, type RunningServer } from "@p3pd/server/testing";
import { createClient, successOf, type P3pdClient } from "@p3pd/sdk";
// The curated documents as Apollo takes them: syntax trees, from @p3pd/sdk/apollo.
import {
  ApiKeysDocument,
  CertifiedTrainersDocument,
  CoverageDocument,
  CurriculumModulesDocument,
  KabupatenDocument,
  KecamatanDocument,
  PeopleDocument,
  PersonalDataDocument,
  PersonDocument,
  possibleTypes,
  ProvinceDocument,
  ProvincesDocument,
  RegionDocument,
  RegionsDocument,
  RegionTrainingsDocument,
  StageDocument,
  StagesDocument,
  TrainingDocument,
  TrainingsDocument,
  typePolicies,
  VillageDocument,
} from "@p3pd/sdk/apollo";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const marker = `Uji Apollo ${randomBytes(4).toString("hex")}`;

let server: RunningServer;
let admin: P3pdClient;
const cascade = { trainingId: "", personId: "" };

beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
  admin = createClient({ url: `${server.url}/graphql`, apiKey: testAdminKey });
  // A ToT with one enrolled, certified participant, so the cascade's queries answer with rows.
  const training = successOf(
    (await admin.createTraining({ input: { level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: `${marker} ToT`, startsOn: "2024-06-28", endsOn: "2024-06-30" } }))
      .createTraining,
  );
  const person = successOf((await admin.registerPerson({ input: { fullName: `${marker} Andi`, homeRegionCode: "73.71.01.1001", institution: "BAPPEDA" } })).registerPerson);
  const enrollment = successOf((await admin.enroll({ input: { personId: person.id, trainingId: training.id, role: "PARTICIPANT" } })).enroll);
  successOf((await admin.recordAttendance({ enrollmentId: enrollment.id, daysAttended: 3 })).recordAttendance);
  successOf((await admin.recordScores({ enrollmentId: enrollment.id, preTestScore: 50, postTestScore: 90 })).recordScores);
  successOf((await admin.completeTraining({ id: training.id })).completeTraining);
  cascade.trainingId = training.id;
  cascade.personId = person.id;
});

afterAll(async () => {
  if (!server) return;
  await removeMarkedRows(server.prisma, marker);
  await server.close();
});

function apolloClient(cache: InMemoryCache): ApolloClient {
  return new ApolloClient({ link: new HttpLink({ uri: `${server.url}/graphql`, headers: { authorization: `Bearer ${testAdminKey}` } }), cache });
}

const kecamatanCode = "73.71.01";

/** The first page of the curated Kecamatan query (it selects `nodes`, no `edges`), then the next with `fetchMore`; gives the cached village codes. */
async function twoPagesOfVillages(cache: InMemoryCache, pageSize: number): Promise<{ codes: string[]; hasNextPage: boolean | undefined }> {
  const client = apolloClient(cache);
  const variables = { code: kecamatanCode, first: pageSize };
  const query = client.watchQuery({ query: KecamatanDocument, variables });
  const subscription = query.subscribe(() => undefined);
  try {
    const { data } = await query.refetch();
    await query.fetchMore({ variables: { after: data?.kecamatan?.villages.pageInfo.endCursor } });
    const cached = client.readQuery({ query: KecamatanDocument, variables });
    return { codes: cached?.kecamatan?.villages.nodes.map((village) => village.code) ?? [], hasNextPage: cached?.kecamatan?.villages.pageInfo.hasNextPage };
  } finally {
    subscription.unsubscribe();
  }
}

describe("Apollo's cache with @p3pd/sdk/apollo's typePolicies and possibleTypes", () => {
  it("keeps both pages of a nodes-only query after fetchMore, in order, with the second page's hasNextPage", async () => {
    const pageSize = 3;
    const server = (await admin.kecamatan({ code: kecamatanCode, first: pageSize * 2 })).kecamatan?.villages;
    const expected = server?.nodes.map((village) => village.code) ?? [];
    expect(expected).toHaveLength(pageSize * 2);
    const { codes, hasNextPage } = await twoPagesOfVillages(new InMemoryCache({ possibleTypes, typePolicies }), pageSize);
    expect(codes).toEqual(expected);
    expect(hasNextPage).toBe(server?.pageInfo.hasNextPage);
  });

  it("is needed: Apollo's own relayStylePagination keeps only the last page of a nodes-only query", async () => {
    const pageSize = 3;
    const expected = (await admin.kecamatan({ code: kecamatanCode, first: pageSize * 2 })).kecamatan?.villages.nodes.map((village) => village.code) ?? [];
    const cache = new InMemoryCache({ possibleTypes, typePolicies: { Kecamatan: { fields: { villages: relayStylePagination(["search"]) } } } });
    const { codes } = await twoPagesOfVillages(cache, pageSize);
    expect(codes).toEqual(expected.slice(pageSize));
  });

  it("writes every curated query and a partner's queries of other fields of the same id-less objects with no 'Cache data may be lost' warning; a bare cache warns", async () => {
    const region = "73";
    const operations: [DocumentNode, OperationVariables][] = [
      [StagesDocument, {}],
      [StageDocument, { number: 3 }],
      [CurriculumModulesDocument, {}],
      [ProvincesDocument, { first: 5 }],
      [ProvinceDocument, { code: region, first: 5 }],
      [KabupatenDocument, { code: "73.71", first: 5 }],
      [KecamatanDocument, { code: kecamatanCode, first: 5 }],
      [VillageDocument, { code: "73.71.01.1001" }],
      [RegionDocument, { code: "73.71" }],
      [RegionsDocument, { search: "makassar" }],
      [TrainingsDocument, { regionCode: region }],
      [TrainingDocument, { id: cascade.trainingId }],
      [RegionTrainingsDocument, { code: region }],
      [PeopleDocument, { search: marker }],
      [PersonDocument, { id: cascade.personId }],
      [CertifiedTrainersDocument, { code: region }],
      [CoverageDocument, { regionCode: region }],
      [PersonalDataDocument, { personId: cascade.personId }],
      [ApiKeysDocument, {}],
      // A partner's own queries: other components asking other fields of the same objects.
      [gql`query ViewerKey { viewer { role keyName keyPrefix regionCode } }`, {}],
      [gql`query ViewerRole { viewer { role } }`, {}],
      [gql`query CoverageHeadline($regionCode: String) { coverage(regionCode: $regionCode) { level totParticipants } }`, { regionCode: region }],
      [gql`query PersonReach($id: ID!) { node(id: $id) { id ... on Person { reach { peopleTrained } } } }`, { id: cascade.personId }],
      [gql`query StageVenues { stages { id provinces { venueCity } } }`, {}],
      [gql`query KecamatanCounts($code: String!) { kabupaten(code: $code) { id kecamatans { totalCount } } }`, { code: "73.71" }],
    ];
    const dataLossWarnings = async (cache: InMemoryCache): Promise<string[]> => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        const client = apolloClient(cache);
        for (const [query, variables] of operations) {
          const { error } = await client.query({ query, variables, fetchPolicy: "network-only", errorPolicy: "all" });
          expect(error, `${query.definitions.map((definition) => ("name" in definition ? definition.name?.value : "")).join()}`).toBeUndefined();
        }
        // Each warning names the field as its arguments "Type.field".
        return warn.mock.calls
          .filter(([message]) => String(message).startsWith("Cache data may be lost"))
          .map((args) => args.find((arg): arg is string => typeof arg === "string" && /^\w+\.\w+$/.test(arg)) ?? String(args[0]));
      } finally {
        warn.mockRestore();
      }
    };
    // The SDK's configuration first: Apollo warns once per type and field for the whole process.
    expect(await dataLossWarnings(new InMemoryCache({ possibleTypes, typePolicies }))).toEqual([]);
    // A bare cache loses data of the id-less objects the queries ask different fields of.
    expect((await dataLossWarnings(new InMemoryCache({ possibleTypes }))).sort()).toEqual(["Person.reach", "Query.coverage", "Query.viewer"]);
  });
});
