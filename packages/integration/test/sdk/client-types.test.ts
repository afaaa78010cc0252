import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { graphql } from "../../src/generated/gql/index.js";
import {
  AbortedError,
  AuthenticationError,
  BadUserInputError,
  ForbiddenError,
  KecamatanDocument,
  NetworkError,
  P3pdError,
  RateLimitedError,
  RegionDocument,
  ServerError,
  TimeoutError,
  type ConnectionPath,
  type KecamatanQuery,
  type PaginateArgs,
  type Paginated,
  type PaginateOptions,
  type VillageKind,
} from "@p3pd/sdk";
import { useLiveApi } from "../support/live-api.js";
import { rejectionOf } from "../support/rejection.js";

// Compile-time checks of paginate and the error classes (`npm run typecheck`), each next to the
// call it describes.

const api = useLiveApi();

const villagesAndProvinces = graphql(`
  query VillagesAndProvinces($code: String!, $first: Int, $after: String) {
    kecamatan(code: $code) {
      villages(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          code
          kind
        }
      }
    }
    provinces(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        name
      }
    }
  }
`);

type TwoConnections = ResultOf<typeof villagesAndProvinces>;
type Village = NonNullable<KecamatanQuery["kecamatan"]>["villages"]["nodes"][number];

describe("the types of paginate", () => {
  it("infers the node type from the document, through the nullable kecamatan", async () => {
    const villages = api.client.paginate(KecamatanDocument, { code: "73.71.01" });
    expectTypeOf(villages).toEqualTypeOf<Paginated<Village>>();
    const all = await villages.collect();
    expectTypeOf(all).toEqualTypeOf<Village[]>();
    expect(all.map((village) => village.kind)).toContain("KELURAHAN");
  });

  it("types the nodes of the connection path names, and requires path when there are two", async () => {
    expectTypeOf<ConnectionPath<TwoConnections>>().toEqualTypeOf<
      readonly ["kecamatan", "villages"] | readonly ["provinces"]
    >();
    type Path = readonly ["provinces"];
    expectTypeOf<PaginateArgs<TwoConnections, VariablesOf<typeof villagesAndProvinces>, Path>>().toEqualTypeOf<
      [variables: { code: string }, options: PaginateOptions<Path> & { path: Path }]
    >();

    const provinces = api.client.paginate(villagesAndProvinces, { code: "73.71.01" }, { path: ["provinces"], pageSize: 10 });
    expectTypeOf(provinces).toEqualTypeOf<Paginated<{ name: string }>>();
    expect(await provinces.collect()).toHaveLength(38);

    const villages = api.client.paginate(villagesAndProvinces, { code: "73.71.01" }, { path: ["kecamatan", "villages"] });
    expectTypeOf(villages).toEqualTypeOf<Paginated<{ code: string; kind: VillageKind }>>();
    expect((await villages.collect()).length).toBeGreaterThan(0);
  });

  it("refuses, at compile time, a document with no connection or without $first and $after", async () => {
    type RegionArgs = PaginateArgs<ResultOf<typeof RegionDocument>, VariablesOf<typeof RegionDocument>, never>;
    expectTypeOf<RegionArgs>().toExtend<[error: string]>();
    const withoutAfter = { code: "73.71.01" };
    expectTypeOf<PaginateArgs<KecamatanQuery, typeof withoutAfter, readonly ["kecamatan", "villages"]>>().toExtend<
      [error: string]
    >();
    // The same documents are fine with request().
    expect((await api.client.request(RegionDocument, { code: "73" })).region?.name).toBe("Sulawesi Selatan");
  });
});

describe("the types of the error classes", () => {
  it("keeps the classes apart, so instanceof narrows a caught error to the right one", async () => {
    expectTypeOf<AuthenticationError>().not.toExtend<ForbiddenError>();
    expectTypeOf<ForbiddenError>().not.toExtend<AuthenticationError>();
    expectTypeOf<BadUserInputError>().not.toExtend<ServerError>();
    expectTypeOf<ServerError>().not.toExtend<NetworkError>();
    expectTypeOf<TimeoutError>().toExtend<NetworkError>();
    expectTypeOf<AbortedError>().toExtend<NetworkError>();
    expectTypeOf<AbortedError>().not.toExtend<TimeoutError>();
    expectTypeOf<RateLimitedError>().toExtend<P3pdError>();
    expectTypeOf<RateLimitedError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<P3pdError["status"]>().toEqualTypeOf<number | undefined>();

    const error = await rejectionOf(api.client.province({ code: "7x" }));
    const reason = (caught: AuthenticationError | BadUserInputError): string => {
      if (caught instanceof AuthenticationError) return "sign in";
      expectTypeOf(caught).toEqualTypeOf<BadUserInputError>();
      return caught.name;
    };
    if (!(error instanceof BadUserInputError || error instanceof AuthenticationError)) return expect.fail(String(error));
    expect(reason(error)).toBe("BadUserInputError");
  });
});
