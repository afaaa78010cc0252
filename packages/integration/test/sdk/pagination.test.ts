import { describe, expect, it } from "vitest";
import { graphql } from "../../src/generated/gql/index.js";
import { AbortedError, createClient, createRequestClient, KabupatenDocument, KecamatanDocument, paginate, RegionsDocument } from "@p3pd/sdk";
import { useLiveApi } from "../support/live-api.js";
import { rejectionAs } from "../support/rejection.js";

const api = useLiveApi();

// Two connections in one result, the villages read through edges: `path` must say which to page.
const villageEdgesAndProvinces = graphql(`
  query VillageEdgesAndProvinces($code: String!, $first: Int, $after: String) {
    kecamatan(code: $code) {
      villages(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            code
          }
        }
      }
    }
    provinces(first: 3) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        code
      }
    }
  }
`);

function expectCodeOrderWithoutDuplicates(codes: string[]): void {
  expect(new Set(codes).size).toBe(codes.length);
  expect(codes).toEqual([...codes].sort());
}

describe("client.paginate over the live API", () => {
  it("pages a createRequestClient client with the standalone paginate, page by page, as client.paginate does", async () => {
    const sentAfters: unknown[] = [];
    const client = createRequestClient({
      url: api.graphqlUrl,
      fetch: (input, init) => {
        sentAfters.push((JSON.parse(String(init?.body)) as { variables: { after: unknown } }).variables.after);
        return fetch(input, init);
      },
    });
    expect(client).not.toHaveProperty("paginate");
    const villages = await paginate(client, KecamatanDocument, { code: "73.71.01" }, { pageSize: 4 }).collect();
    expect(villages.map(({ code }) => code)).toEqual(
      (await api.client.paginate(KecamatanDocument, { code: "73.71.01" }).collect()).map(({ code }) => code),
    );
    expect(villages).toHaveLength(9);
    expect(sentAfters).toHaveLength(3);
    expect(sentAfters[0]).toBeNull();
  });

  it("collects every village of the kabupaten with the most villages, kecamatan by kecamatan, in code order", async () => {
    const kecamatans = await api.server.prisma.kecamatan.findMany({
      select: { kabupatenCode: true, _count: { select: { villages: true } } },
    });
    const villagesPerKabupaten = new Map<string, number>();
    for (const { kabupatenCode, _count } of kecamatans) {
      villagesPerKabupaten.set(kabupatenCode, (villagesPerKabupaten.get(kabupatenCode) ?? 0) + _count.villages);
    }
    const [[largest = "", storedCount = 0] = []] = [...villagesPerKabupaten].sort((a, b) => b[1] - a[1]);
    // The largest kabupaten (Aceh Utara, 852 villages) pages through dozens of kecamatans.
    expect(storedCount).toBeGreaterThan(500);

    const villageCodes: string[] = [];
    let totalCount = 0;
    for await (const kecamatan of api.client.paginate(KabupatenDocument, { code: largest }, { pageSize: 10 })) {
      const villages = await api.client.paginate(KecamatanDocument, { code: kecamatan.code }, { pageSize: 20 }).collect();
      expect(villages).toHaveLength(kecamatan.villages.totalCount);
      totalCount += kecamatan.villages.totalCount;
      villageCodes.push(...villages.map((village) => village.code));
    }
    expect(villageCodes).toHaveLength(totalCount);
    expect(villageCodes).toHaveLength(storedCount);
    expectCodeOrderWithoutDuplicates(villageCodes);
    expect(villageCodes.every((code) => code.startsWith(`${largest}.`))).toBe(true);
  });

  it("pages a connection of more than 1,000 villages to exactly its totalCount, in code order", async () => {
    const variables = { search: "jaya", level: "VILLAGE" } as const;
    const { regions } = await api.client.regions({ ...variables, first: 1 });
    expect(regions.totalCount).toBeGreaterThan(1_000);

    const villages = await api.client.paginate(RegionsDocument, variables, { pageSize: 100 }).collect();
    expect(villages).toHaveLength(regions.totalCount);
    expectCodeOrderWithoutDuplicates(villages.map((village) => village.code));
    for (const village of villages) {
      expect(village.level).toBe("VILLAGE");
      expect(village.name.toLowerCase()).toContain("jaya");
    }
  });

  it("pages the connection that path names when the result holds two, reading its nodes from edges", async () => {
    const { kecamatan } = await api.client.kecamatan({ code: "73.71.01", first: 100 });
    const paged = await api.client
      .paginate(villageEdgesAndProvinces, { code: "73.71.01" }, { path: ["kecamatan", "villages"], pageSize: 2 })
      .collect();
    expect(paged).toEqual(kecamatan?.villages.nodes.map(({ code }) => ({ code })));
    expect(paged.length).toBeGreaterThan(2);
  });

  it("yields nothing when the connection's owner does not exist", async () => {
    expect(await api.client.paginate(KecamatanDocument, { code: "73.71.99" }).collect()).toEqual([]);
  });

  it("fetches no further page once the for-await loop stops", async () => {
    const urls: string[] = [];
    const client = createClient({
      url: api.graphqlUrl,
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    const seen: string[] = [];
    for await (const village of client.paginate(KecamatanDocument, { code: "73.71.01" }, { pageSize: 2 })) {
      seen.push(village.code);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    expect(urls).toHaveLength(2);
  });

  it("rejects with AbortedError when its signal aborts between pages", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const paging = (async () => {
      for await (const village of api.client.paginate(
        KecamatanDocument,
        { code: "73.71.01" },
        { pageSize: 2, signal: controller.signal },
      )) {
        seen.push(village.code);
        controller.abort();
      }
    })();
    await rejectionAs(paging, AbortedError);
    // The first page arrived whole; the second was never fetched.
    expect(seen).toHaveLength(2);
  });
});
