import { afterAll, describe, expect, it } from "vitest";
import { createTestApi } from "./support/graphql-api.js";

const api = createTestApi();
afterAll(() => api.close());

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { code: string } }[];
  nodes: { code: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const pageFields = "totalCount edges { cursor node { code } } nodes { code } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

/** Walks a connection to its end with `first`/`after`, checking each page's shape on the way. */
async function walkForward(fetchPage: (after: string | null) => Promise<Page>): Promise<{ codes: string[]; totalCount: number }> {
  const codes: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const page: Page = await fetchPage(after);
    totalCount = page.totalCount;
    expect(page.nodes.map((n) => n.code)).toEqual(page.edges.map((e) => e.node.code));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    codes.push(...page.nodes.map((n) => n.code));
    if (!page.pageInfo.hasNextPage) return { codes, totalCount };
    after = page.pageInfo.endCursor;
  }
}

/** Walks a connection from its end with `last`/`before`. */
async function walkBackward(fetchPage: (before: string | null) => Promise<Page>): Promise<string[]> {
  const codes: string[] = [];
  let before: string | null = null;
  for (;;) {
    const page: Page = await fetchPage(before);
    expect(page.pageInfo.hasNextPage).toBe(before !== null);
    codes.unshift(...page.nodes.map((n) => n.code));
    if (!page.pageInfo.hasPreviousPage) return codes;
    before = page.pageInfo.startCursor;
  }
}

const sorted = (codes: string[]) => [...codes].sort();

describe("Relay pagination", () => {
  it("walks all villages of a kecamatan forward and backward without gaps or duplicates", async () => {
    const kecamatanCode = "73.71.01";
    const expected = (await api.prisma.village.findMany({ where: { kecamatanCode }, orderBy: { code: "asc" }, select: { code: true } })).map((v) => v.code);
    const villages = async (args: string, cursor: string | null) => {
      const response = await api.query<{ kecamatan: { villages: Page } }>(
        `query ($cursor: String) { kecamatan(code: "${kecamatanCode}") { villages(${args}) { ${pageFields} } } }`,
        { cursor },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.kecamatan.villages;
    };
    const forward = await walkForward((after) => villages("first: 3, after: $cursor", after));
    expect(forward.codes).toEqual(expected);
    expect(forward.totalCount).toBe(expected.length);
    expect(await walkBackward((before) => villages("last: 4, before: $cursor", before))).toEqual(expected);
  });

  it("walks all 514 kabupaten/kota through the cross-level regions connection", async () => {
    const regions = async (args: string, cursor: string | null) => {
      const response = await api.query<{ regions: Page }>(
        `query ($cursor: String) { regions(level: KABUPATEN, ${args}) { ${pageFields} } }`,
        { cursor },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.regions;
    };
    const forward = await walkForward((after) => regions("first: 100, after: $cursor", after));
    expect(forward.codes).toHaveLength(514);
    expect(forward.codes).toEqual(sorted(forward.codes));
    expect(new Set(forward.codes).size).toBe(514);
    expect(forward.totalCount).toBe(514);
    expect(await walkBackward((before) => regions("last: 77, before: $cursor", before))).toEqual(forward.codes);
  });

  it("pages a name search across all levels in code order, matching every level", async () => {
    const search = "makassar";
    const expected = sorted(
      (
        await Promise.all([
          api.prisma.province.findMany({ where: { name: { contains: search, mode: "insensitive" } } }),
          api.prisma.kabupaten.findMany({ where: { name: { contains: search, mode: "insensitive" } } }),
          api.prisma.kecamatan.findMany({ where: { name: { contains: search, mode: "insensitive" } } }),
          api.prisma.village.findMany({ where: { name: { contains: search, mode: "insensitive" } } }),
        ])
      ).flat().map((region) => region.code),
    );
    expect(expected).toContain("73.71");
    const forward = await walkForward(async (after) => {
      const response = await api.query<{ regions: Page }>(
        `query ($after: String) { regions(search: "MAKASSAR", first: 2, after: $after) { ${pageFields} } }`,
        { after },
      );
      return response.data!.regions;
    });
    expect(forward.codes).toEqual(expected);
    expect(forward.totalCount).toBe(expected.length);
  });

  it("defaults to 20 items a page", async () => {
    const response = await api.query<{ regions: Page }>(`{ regions(level: VILLAGE) { ${pageFields} } }`);
    expect(response.data?.regions.nodes).toHaveLength(20);
    expect(response.data?.regions.totalCount).toBe(83762);
  });

  it("filters a region's children by name and counts only the matches", async () => {
    const response = await api.query<{ province: { kabupatens: { totalCount: number; nodes: { code: string; name: string }[] } } }>(
      '{ province(code: "73") { kabupatens(search: "kota", first: 100) { totalCount nodes { code name } } } }',
    );
    const kabupatens = response.data!.province.kabupatens;
    expect(kabupatens.nodes.map((k) => k.name)).toEqual(["Kota Makassar", "Kota Parepare", "Kota Palopo"]);
    expect(kabupatens.totalCount).toBe(3);
  });
});
