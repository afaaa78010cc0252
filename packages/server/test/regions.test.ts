import { afterAll, describe, expect, it } from "vitest";
import { createTestApi } from "./support/graphql-api.js";
import { sharedPrisma } from "./support/shared-database.js";

const api = createTestApi();
const prisma = sharedPrisma();
afterAll(async () => {
  await api.close();
  await prisma.$disconnect();
});

describe("the region tree over GraphQL", () => {
  it("answers a village with its kind, parent chain and ancestors (province first)", async () => {
    const response = await api.query(`{
      village(code: "35.13.15.2017") {
        code name kind level
        kecamatan { code kabupaten { code kind province { code name } } }
        parent { code level }
        ancestors { code level }
      }
    }`);
    expect(response).toEqual({
      data: {
        village: {
          code: "35.13.15.2017",
          name: 'Soka"an',
          kind: "DESA",
          level: "VILLAGE",
          kecamatan: { code: "35.13.15", kabupaten: { code: "35.13", kind: "KABUPATEN", province: { code: "35", name: "Jawa Timur" } } },
          parent: { code: "35.13.15", level: "KECAMATAN" },
          ancestors: [
            { code: "35", level: "PROVINCE" },
            { code: "35.13", level: "KABUPATEN" },
            { code: "35.13.15", level: "KECAMATAN" },
          ],
        },
      },
      extensions: { rateLimit: expect.any(Object) },
    });
  });

  it("resolves region(code:) to the type of the code's level", async () => {
    const response = await api.query<{ [key: string]: { __typename: string; code: string } }>(`{
      p: region(code: "73") { __typename code }
      k: region(code: "73.71") { __typename code ... on Kabupaten { kind } }
      c: region(code: "73.71.01") { __typename code }
      v: region(code: "73.71.01.1001") { __typename code ... on Village { kind } }
    }`);
    expect(response.data).toEqual({
      p: { __typename: "Province", code: "73" },
      k: { __typename: "Kabupaten", code: "73.71", kind: "KOTA" },
      c: { __typename: "Kecamatan", code: "73.71.01" },
      v: { __typename: "Village", code: "73.71.01.1001", kind: "KELURAHAN" },
    });
  });

  it("gives every level's totalCount as the number of children, whatever the page size", async () => {
    const response = await api.query<{
      province: { kabupatens: { totalCount: number; nodes: { code: string; kecamatans: { totalCount: number; nodes: { code: string; villages: { totalCount: number } }[] } }[] } };
    }>(`{ province(code: "73") { kabupatens(first: 2) { totalCount nodes { code
          kecamatans(first: 2) { totalCount nodes { code villages(first: 1) { totalCount } } } } } } }`);
    const kabupatens = response.data!.province.kabupatens;
    expect(kabupatens.totalCount).toBe(await prisma.kabupaten.count({ where: { provinceCode: "73" } }));
    for (const kabupaten of kabupatens.nodes) {
      expect(kabupaten.kecamatans.totalCount).toBe(await prisma.kecamatan.count({ where: { kabupatenCode: kabupaten.code } }));
      for (const kecamatan of kabupaten.kecamatans.nodes) {
        expect(kecamatan.villages.totalCount).toBe(await prisma.village.count({ where: { kecamatanCode: kecamatan.code } }));
      }
    }
    // Reached through region(code:), whose rows come from the region loader rather than the province query.
    const viaRegion = await api.query('{ region(code: "73") { ... on Province { kabupatens(first: 1) { totalCount } } } }');
    expect(viaRegion.data).toEqual({ region: { kabupatens: { totalCount: kabupatens.totalCount } } });
  });

  it("counts only the children whose names match a search, at every level", async () => {
    const response = await api.query<{
      province: { kabupatens: { totalCount: number; nodes: { code: string; kecamatans: { totalCount: number } }[] } };
      kecamatan: { villages: { totalCount: number; nodes: { name: string }[] } };
    }>(`{
      province(code: "73") { kabupatens(search: "kota", first: 1) { totalCount nodes { code kecamatans(search: "TAMALATE") { totalCount } } } }
      kecamatan(code: "73.71.01") { villages(search: "ma", first: 1) { totalCount nodes { name } } }
    }`);
    const contains = (search: string) => ({ contains: search, mode: "insensitive" as const });
    const { province, kecamatan } = response.data!;
    expect(province.kabupatens.totalCount).toBe(await prisma.kabupaten.count({ where: { provinceCode: "73", name: contains("kota") } }));
    expect(province.kabupatens.totalCount).toBeGreaterThan(1);
    expect(province.kabupatens.nodes[0]?.kecamatans.totalCount).toBe(
      await prisma.kecamatan.count({ where: { kabupatenCode: province.kabupatens.nodes[0]?.code, name: contains("TAMALATE") } }),
    );
    expect(kecamatan.villages.totalCount).toBe(await prisma.village.count({ where: { kecamatanCode: "73.71.01", name: contains("ma") } }));
    expect(kecamatan.villages.totalCount).toBeLessThan(9);
  });

  it("lists under a search exactly the children it counts, every name containing the search", async () => {
    const response = await api.query<{ kabupaten: { kecamatans: { totalCount: number; nodes: { name: string; villages: { totalCount: number; nodes: { name: string }[] } }[] } } }>(`{
      kabupaten(code: "73.71") { kecamatans(search: "a", first: 100) { totalCount nodes { name villages(search: "MA", first: 100) { totalCount nodes { name } } } } }
    }`);
    const { kecamatans } = response.data!.kabupaten;
    expect(kecamatans.nodes).toHaveLength(kecamatans.totalCount);
    expect(kecamatans.nodes.every(({ name }) => name.toLowerCase().includes("a"))).toBe(true);
    const villages = kecamatans.nodes.flatMap((kecamatan) => kecamatan.villages.nodes);
    expect(villages.length).toBe(kecamatans.nodes.reduce((sum, kecamatan) => sum + kecamatan.villages.totalCount, 0));
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every(({ name }) => name.toLowerCase().includes("ma"))).toBe(true);
  });

  it("treats % and _ in a search as characters, not wildcards, in pages and counts alike", async () => {
    const response = await api.query(`{
      kecamatan(code: "73.71.01") { villages(search: "%") { totalCount nodes { code } } }
      regions(search: "_", level: KECAMATAN, first: 5) { totalCount nodes { code } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ kecamatan: { villages: { totalCount: 0, nodes: [] } }, regions: { totalCount: 0, nodes: [] } });
  });

  it("gives a province no parent and no ancestors", async () => {
    const response = await api.query('{ province(code: "11") { name parent { code } ancestors { code } } }');
    expect(response.data).toEqual({ province: { name: "Aceh", parent: null, ancestors: [] } });
  });

  it("lists the stages with their provinces and venues as the release states them", async () => {
    const response = await api.query<{ stages: { number: number; startsOn: string | null; endsOn: string | null; provinces: { province: { code: string }; venueCity: string | null; participantQuota: number }[] }[] }>(
      "{ stages { number name period startsOn endsOn provinces { province { code } venueCity participantQuota } } }",
    );
    const stages = response.data!.stages;
    expect(stages.map((s) => [s.number, s.startsOn, s.endsOn])).toEqual([
      [1, null, null],
      [2, "2024-06-18", "2024-06-22"],
      [3, "2024-06-28", null],
    ]);
    expect(stages[2]?.provinces.map((p) => [p.province.code, p.venueCity])).toEqual([
      ["63", "Banjarmasin"],
      ["64", "Samarinda"],
      ["71", "Manado"],
      ["73", "Makassar"],
    ]);
    expect(stages.flatMap((s) => s.provinces.map((p) => p.participantQuota))).toEqual(Array(10).fill(120));
  });

  it("answers stage(number:) and null for a stage that does not exist", async () => {
    const response = await api.query('{ two: stage(number: 2) { name period } nine: stage(number: 9) { name } }');
    expect(response.data).toEqual({ two: { name: "Tahap 2", period: "18–22 June 2024" }, nine: null });
  });

  it("lists the eight curriculum modules in order with English names", async () => {
    const response = await api.query<{ curriculumModules: { number: number; name: string; nameEn: string }[] }>(
      "{ curriculumModules { number name nameEn } }",
    );
    expect(response.data?.curriculumModules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(response.data?.curriculumModules[6]).toEqual({ number: 7, name: "Pemanfaatan dashboard", nameEn: "Using the dashboard" });
  });
});

describe("Relay global IDs", () => {
  it("round-trips node(id:) for every kind of node", async () => {
    const listing = await api.query<{ [key: string]: { id: string; __typename: string } }>(`{
      province(code: "73") { id __typename }
      kabupaten(code: "73.71") { id __typename }
      kecamatan(code: "73.71.01") { id __typename }
      village(code: "73.71.01.1001") { id __typename }
      stage(number: 3) { id __typename }
    }`);
    const modules = await api.query<{ curriculumModules: { id: string; __typename: string }[] }>("{ curriculumModules { id __typename } }");
    const nodes = [...Object.values(listing.data ?? {}), modules.data!.curriculumModules[0]!];
    expect(nodes).toHaveLength(6);
    for (const { id, __typename } of nodes) {
      const response = await api.query("query ($id: ID!) { node(id: $id) { id __typename } }", { id });
      expect(response.data).toEqual({ node: { id, __typename } });
    }
    const many = await api.query<{ nodes: { id: string }[] }>("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
      ids: nodes.map((n) => n.id),
    });
    expect(many.data?.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
  });

  it("answers nodes(ids:) in the order asked, null for a region code that does not exist or is of another level, with relations below", async () => {
    const globalId = (typename: string, key: string) => Buffer.from(`${typename}:${key}`).toString("base64");
    const ids = [
      globalId("Province", "73"),
      globalId("Province", "73.71"),
      globalId("Stage", "3"),
      globalId("Village", "73.71.01.9999"),
      globalId("Kecamatan", "73.71.01"),
    ];
    const response = await api.query("query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Region { code } ... on Kecamatan { kabupaten { name } } ... on Stage { number } } }", { ids });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      nodes: [
        { __typename: "Province", code: "73" },
        null,
        { __typename: "Stage", number: 3 },
        null,
        { __typename: "Kecamatan", code: "73.71.01", kabupaten: { name: "Kota Makassar" } },
      ],
    });
  });

  it("gives the same ID through Region.id as through Node.id", async () => {
    const response = await api.query<{ region: { id: string }; kabupaten: { id: string } }>(
      '{ region(code: "73.71") { id } kabupaten(code: "73.71") { id } }',
    );
    expect(response.data?.region.id).toBe(response.data?.kabupaten.id);
  });

  it("declares Region a Node, so a fragment on Node reads the id of any region met through Region", async () => {
    const response = await api.query<{ regionType: { interfaces: { name: string }[] }; region: { id: string } }>(
      '{ regionType: __type(name: "Region") { interfaces { name } } region(code: "73.71.01") { ... on Node { id } } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.regionType.interfaces).toEqual([{ name: "Node" }]);
    const again = await api.query<{ node: { code: string } }>("query ($id: ID!) { node(id: $id) { ... on Region { code } } }", { id: response.data?.region.id });
    expect(again.data?.node.code).toBe("73.71.01");
  });
});
