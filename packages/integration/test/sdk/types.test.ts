import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { graphql } from "../../src/generated/gql/index.js";
import type {
  CallOptions,
  KabupatenKind,
  ProvinceQuery,
  ProvinceQueryVariables,
  ProvincesQueryVariables,
  RegionLevel,
  StageQuery,
  StagesQueryVariables,
  VillageKind,
} from "@p3pd/sdk";
import { useLiveApi } from "../support/live-api.js";

// These checks run at compile time (`tsc -p packages/sdk`): a wrong type there fails the build.
// Each test also makes the call it describes, so the types are checked against real answers.

const api = useLiveApi();

// A custom document, typed by `npm run codegen` (the client preset scans this folder).
const villagesOfKecamatan = graphql(`
  query VillagesOfKecamatan($code: String!) {
    kecamatan(code: $code) {
      name
      villages(first: 100) {
        nodes {
          name
          kind
        }
      }
    }
  }
`);

type Province = NonNullable<ProvinceQuery["province"]>;

describe("the SDK's types", () => {
  it("types client.province's result as the Province query, with province nullable", async () => {
    const result = await api.client.province({ code: "99" });
    expectTypeOf(result).toEqualTypeOf<ProvinceQuery>();
    expectTypeOf<ProvinceQuery["province"]>().toBeNullable();
    expect(result.province).toBeNull();
  });

  it("has only the selected fields, so a misspelt or unselected field is not on the type", async () => {
    expectTypeOf<Province>().toHaveProperty("name").toEqualTypeOf<string>();
    expectTypeOf<Province>().not.toHaveProperty("nmae");
    expectTypeOf<Province>().not.toHaveProperty("parent");
    const { province } = await api.client.province({ code: "73" });
    expect(Object.keys(province ?? {}).sort()).toEqual(["code", "id", "kabupatens", "level", "name"]);
  });

  it("requires an operation's variables with their GraphQL types and rejects wrong ones", async () => {
    expectTypeOf(api.client.province).parameters.toEqualTypeOf<[variables: ProvinceQueryVariables, options?: CallOptions]>();
    expectTypeOf(api.client.province).parameter(0).toEqualTypeOf<ProvinceQueryVariables>();
    expectTypeOf(api.client.province).toBeCallableWith({ code: "73", first: 5 });
    expectTypeOf<{ code: number }>().not.toExtend<ProvinceQueryVariables>();
    expectTypeOf<{ first: number }>().not.toExtend<ProvinceQueryVariables>();
    expectTypeOf<{ code: string; first: string }>().not.toExtend<ProvinceQueryVariables>();
    expect((await api.client.province({ code: "73", first: 5 })).province?.kabupatens.nodes).toHaveLength(5);
  });

  it("lets operations without required variables be called with no argument", async () => {
    expectTypeOf(api.client.stages).parameters.toEqualTypeOf<[variables?: StagesQueryVariables, options?: CallOptions]>();
    expectTypeOf(api.client.provinces).parameters.toEqualTypeOf<
      [variables?: ProvincesQueryVariables, options?: CallOptions]
    >();
    const { provinces } = await api.client.provinces();
    expect(provinces.totalCount).toBe(38);
  });

  it("maps enums to string-literal unions and Date to an ISO string", async () => {
    expectTypeOf<KabupatenKind>().toEqualTypeOf<"KABUPATEN" | "KOTA">();
    expectTypeOf<VillageKind>().toEqualTypeOf<"DESA" | "DESA_ADAT" | "KELURAHAN">();
    expectTypeOf<RegionLevel>().toEqualTypeOf<"KABUPATEN" | "KECAMATAN" | "PROVINCE" | "VILLAGE">();
    expectTypeOf<NonNullable<StageQuery["stage"]>["startsOn"]>().toEqualTypeOf<string | null>();
    const { stage } = await api.client.stage({ number: 3 });
    expect(stage?.startsOn).toBe("2024-06-28");
  });

  it("narrows region() by __typename to the fields only that level has", async () => {
    const { region } = await api.client.region({ code: "73.71" });
    if (region?.__typename !== "Kabupaten") return expect.fail(`expected a Kabupaten, got ${region?.__typename}`);
    expectTypeOf(region.kabupatenKind).toEqualTypeOf<KabupatenKind>();
    expectTypeOf(region).not.toHaveProperty("villageKind");
    expect(region.kabupatenKind).toBe("KOTA");
  });

  it("infers result and variable types of a custom graphql() document sent with request()", async () => {
    expectTypeOf<VariablesOf<typeof villagesOfKecamatan>>().toEqualTypeOf<{ code: string }>();
    expectTypeOf<ResultOf<typeof villagesOfKecamatan>>().toEqualTypeOf<{
      kecamatan: { name: string; villages: { nodes: Array<{ name: string; kind: VillageKind }> } } | null;
    }>();
    const result = await api.client.request(villagesOfKecamatan, { code: "73.71.01" });
    expectTypeOf(result).toEqualTypeOf<ResultOf<typeof villagesOfKecamatan>>();
    expect(result.kecamatan?.name).toBe("Mariso");
    const { kecamatan } = await api.client.kecamatan({ code: "73.71.01", first: 100 });
    expect(result.kecamatan?.villages.nodes).toEqual(kecamatan?.villages.nodes.map(({ name, kind }) => ({ name, kind })));
  });
});
