import { describe, expect, it } from "vitest";
import { renderBarChart } from "../src/bar-chart.js";
import { escapeHtml, html } from "../src/html.js";

describe("the report's markup", () => {
  it("escapes names with ampersands, quotes and angle brackets in text and in attributes", () => {
    const name = `Desa "Baru" & <Lama> 'Adat'`;
    const markup = html`<p title="${name}">${name}</p>`.markup;
    expect(markup).toBe(`<p title="${escapeHtml(name)}">${escapeHtml(name)}</p>`);
    expect(escapeHtml(name)).toBe("Desa &quot;Baru&quot; &amp; &lt;Lama&gt; &#39;Adat&#39;");
  });

  it("draws one bar per region with its code, and escapes the names it prints", () => {
    const chart = renderBarChart({
      title: "Village reach rate by village",
      description: "test",
      bars: [
        { code: "35.13.15.2017", name: 'Soka"an', rate: 1, valueLabel: "100.0%", tooltip: 'Soka"an & co' },
        { code: "35.13.15.2018", name: "A<b>", rate: 0.25, valueLabel: "25.0%", tooltip: "A<b>" },
      ],
    }).markup;
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(chart).toContain('data-region-code="35.13.15.2017"');
    expect(chart).toContain("Soka&quot;an &amp; co");
    expect(chart).toContain(">A&lt;b&gt;<");
    expect(chart).not.toContain("<b>");
  });
});
