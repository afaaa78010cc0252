import { describe, expect, it } from "vitest";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

describe("region operations over HTTP", () => {
  it("provinces() counts all 38 provinces and gives them in code order", async () => {
    const { provinces } = await api.client.provinces({ first: 100 });
    expect(provinces.totalCount).toBe(38);
    expect(provinces.nodes).toHaveLength(38);
    const codes = provinces.nodes.map((province) => province.code);
    expect(codes).toEqual([...codes].sort());
    expect(provinces.nodes.find((province) => province.code === "73")).toMatchObject({
      name: "Sulawesi Selatan",
      level: "PROVINCE",
    });
    expect(provinces.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it("provinces() pages forward by endCursor to exactly the provinces of a single page", async () => {
    const { provinces: all } = await api.client.provinces({ first: 100 });
    const paged: string[] = [];
    let after: string | null = null;
    let hasNextPage = true;
    while (hasNextPage) {
      const { provinces } = await api.client.provinces({ first: 10, after });
      paged.push(...provinces.nodes.map((province) => province.code));
      ({ hasNextPage, endCursor: after } = provinces.pageInfo);
    }
    expect(paged).toEqual(all.nodes.map((province) => province.code));
  });

  it("provinces() pages backward with last and filters by search", async () => {
    const { provinces: all } = await api.client.provinces({ first: 100 });
    const { provinces: lastFive } = await api.client.provinces({ last: 5 });
    expect(lastFive.nodes.map((p) => p.code)).toEqual(all.nodes.slice(-5).map((p) => p.code));
    expect(lastFive.pageInfo.hasPreviousPage).toBe(true);
    const { provinces: found } = await api.client.provinces({ search: "sulawesi selatan" });
    expect(found.nodes.map((p) => p.code)).toEqual(["73"]);
  });

  it("province() gives Sulawesi Selatan with its 24 kabupatens, kinds and kecamatan counts", async () => {
    const { province } = await api.client.province({ code: "73", first: 100 });
    expect(province).toMatchObject({ code: "73", name: "Sulawesi Selatan", level: "PROVINCE" });
    expect(province?.kabupatens.totalCount).toBe(24);
    const kabupatens = province?.kabupatens.nodes ?? [];
    expect(kabupatens).toHaveLength(24);
    expect(kabupatens.find((k) => k.code === "73.71")).toMatchObject({ name: "Kota Makassar", kind: "KOTA" });
    const stored = await api.server.prisma.kecamatan.groupBy({
      by: ["kabupatenCode"],
      where: { kabupaten: { provinceCode: "73" } },
      _count: true,
    });
    const storedCounts = Object.fromEntries(stored.map((row) => [row.kabupatenCode, row._count]));
    expect(Object.fromEntries(kabupatens.map((k) => [k.code, k.kecamatans.totalCount]))).toEqual(storedCounts);
  });

  it("province() resolves to null for a well-formed code no province has", async () => {
    expect(await api.client.province({ code: "99" })).toEqual({ province: null });
  });

  it("kabupaten() gives Kota Makassar, a KOTA, with its kecamatans and their village counts", async () => {
    const { kabupaten } = await api.client.kabupaten({ code: "73.71", first: 100 });
    expect(kabupaten).toMatchObject({ code: "73.71", name: "Kota Makassar", kind: "KOTA", level: "KABUPATEN" });
    expect(kabupaten?.province).toMatchObject({ code: "73", name: "Sulawesi Selatan" });
    const kecamatans = kabupaten?.kecamatans.nodes ?? [];
    const stored = await api.server.prisma.kecamatan.findMany({
      where: { kabupatenCode: "73.71" },
      orderBy: { code: "asc" },
      select: { code: true, name: true, _count: { select: { villages: true } } },
    });
    expect(kabupaten?.kecamatans.totalCount).toBe(stored.length);
    expect(kecamatans.map((k) => [k.code, k.name, k.villages.totalCount])).toEqual(
      stored.map((k) => [k.code, k.name, k._count.villages]),
    );
    expect(kecamatans.find((k) => k.code === "73.71.01")?.name).toBe("Mariso");
  });

  it("kecamatan() gives Mariso's villages with their kinds, and its kabupaten", async () => {
    const { kecamatan } = await api.client.kecamatan({ code: "73.71.01", first: 100 });
    expect(kecamatan).toMatchObject({ code: "73.71.01", name: "Mariso", level: "KECAMATAN" });
    expect(kecamatan?.kabupaten).toMatchObject({ code: "73.71", kind: "KOTA" });
    const stored = await api.server.prisma.village.findMany({
      where: { kecamatanCode: "73.71.01" },
      orderBy: { code: "asc" },
      select: { code: true, name: true, kind: true },
    });
    expect(stored.length).toBeGreaterThan(0);
    expect(kecamatan?.villages.totalCount).toBe(stored.length);
    expect(kecamatan?.villages.nodes.map(({ code, name, kind }) => ({ code, name, kind }))).toEqual(stored);
    // Kota Makassar's villages are all kelurahan (codes 1xxx).
    expect(new Set(kecamatan?.villages.nodes.map((v) => v.kind))).toEqual(new Set(["KELURAHAN"]));
  });

  it("kecamatan() pages its villages by endCursor with the same variables as the other levels", async () => {
    const { kecamatan: whole } = await api.client.kecamatan({ code: "73.71.01", first: 100 });
    const { kecamatan: firstPage } = await api.client.kecamatan({ code: "73.71.01", first: 2 });
    expect(firstPage?.villages.pageInfo.hasNextPage).toBe(true);
    const { kecamatan: secondPage } = await api.client.kecamatan({
      code: "73.71.01",
      first: 2,
      after: firstPage?.villages.pageInfo.endCursor,
    });
    expect([...(firstPage?.villages.nodes ?? []), ...(secondPage?.villages.nodes ?? [])]).toEqual(
      whole?.villages.nodes.slice(0, 4),
    );
  });

  it('village() keeps the name Soka"an byte-for-byte and gives kind, parent and ancestors', async () => {
    const { village } = await api.client.village({ code: "35.13.15.2017" });
    expect(village).toMatchObject({ code: "35.13.15.2017", name: 'Soka"an', kind: "DESA", level: "VILLAGE" });
    expect(village?.parent).toMatchObject({ code: "35.13.15", level: "KECAMATAN" });
    expect(village?.ancestors.map((a) => [a.code, a.level])).toEqual([
      ["35", "PROVINCE"],
      ["35.13", "KABUPATEN"],
      ["35.13.15", "KECAMATAN"],
    ]);
  });

  it("region() resolves a code of any level and says which level by __typename", async () => {
    const { region: kabupaten } = await api.client.region({ code: "73.71" });
    expect(kabupaten).toMatchObject({ __typename: "Kabupaten", name: "Kota Makassar", kabupatenKind: "KOTA" });
    expect(kabupaten?.ancestors.map((a) => a.code)).toEqual(["73"]);

    const { region: village } = await api.client.region({ code: "35.13.15.2017" });
    expect(village).toMatchObject({ __typename: "Village", name: 'Soka"an', villageKind: "DESA" });

    const { region: province } = await api.client.region({ code: "73" });
    expect(province).toMatchObject({ __typename: "Province", name: "Sulawesi Selatan", ancestors: [] });

    expect(await api.client.region({ code: "73.71.99" })).toEqual({ region: null });
  });

  it('regions() finds Kota Makassar when searching "makassar", and filters by level', async () => {
    const { regions } = await api.client.regions({ search: "makassar", first: 100 });
    expect(regions.nodes.find((r) => r.code === "73.71")).toMatchObject({
      __typename: "Kabupaten",
      name: "Kota Makassar",
      parent: { code: "73" },
    });
    for (const region of regions.nodes) expect(region.name.toLowerCase()).toContain("makassar");
    expect(regions.totalCount).toBe(regions.nodes.length);

    const { regions: kabupatens } = await api.client.regions({ search: "makassar", level: "KABUPATEN" });
    expect(kabupatens.nodes.map((r) => r.level)).toEqual(kabupatens.nodes.map(() => "KABUPATEN"));
    expect(kabupatens.nodes.map((r) => r.code)).toContain("73.71");
  });
});
