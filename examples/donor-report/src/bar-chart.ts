import { html, type Html } from "./html.js";
import type { ChartView } from "./view-model.js";

/**
 * Geometry in SVG user units, which are CSS pixels at the page's full width (the SVG only ever
 * shrinks, on narrow screens), so the 12px labels stay the size of the text around them.
 */
const width = 1100;
const rowHeight = 24;
const barHeight = 14;
const axisHeight = 26;
const gap = 10;
const valueWidth = 52;
// A generous average glyph of the 12px label font (system fonts differ); the label column is
// sized to the longest name, plus a margin so no label touches the edge.
const charWidth = 7.2;
const labelMargin = 8;
const minLabelWidth = 96;
const maxLabelWidth = 280;
const ticks = [0, 0.25, 0.5, 0.75, 1];

const percentTick = (tick: number) => `${Math.round(tick * 100)}%`;

/** Names that would not fit the label column are cut with an ellipsis; the tooltip keeps the whole name. */
function fitLabel(name: string, maxChars: number): string {
  return name.length <= maxChars ? name : `${name.slice(0, maxChars - 1).trimEnd()}…`;
}

/**
 * A horizontal bar chart of rates (0–100%), one bar per region, as inline SVG: no script, no
 * external file. Each bar carries the region's code in `data-region-code`.
 */
export function renderBarChart(chart: ChartView): Html {
  const longest = Math.max(0, ...chart.bars.map((bar) => bar.name.length));
  const labelWidth = Math.min(maxLabelWidth, Math.max(minLabelWidth, Math.ceil(longest * charWidth) + labelMargin));
  const maxChars = Math.floor((labelWidth - labelMargin) / charWidth);
  const plotLeft = labelWidth + gap;
  const plotWidth = width - plotLeft - valueWidth;
  const height = axisHeight + chart.bars.length * rowHeight + 4;
  const x = (rate: number) => plotLeft + Math.max(0, Math.min(1, rate)) * plotWidth;

  const grid = ticks.map(
    (tick) => html`<line class="grid" x1="${x(tick)}" x2="${x(tick)}" y1="${axisHeight - 6}" y2="${height}"/>
      <text class="tick" x="${x(tick)}" y="${axisHeight - 10}" text-anchor="middle">${percentTick(tick)}</text>`,
  );
  const bars = chart.bars.map((bar, index) => {
    const top = axisHeight + index * rowHeight;
    const barTop = top + (rowHeight - barHeight) / 2;
    const baseline = top + rowHeight / 2 + 4;
    return html`<g class="row">
      <title>${bar.tooltip}</title>
      <text class="label" x="${labelWidth}" y="${baseline}" text-anchor="end">${fitLabel(bar.name, maxChars)}</text>
      <rect class="track" x="${plotLeft}" y="${barTop}" width="${plotWidth}" height="${barHeight}" rx="2"/>
      <rect class="bar" data-region-code="${bar.code}" data-rate="${bar.rate}" x="${plotLeft}" y="${barTop}" width="${(x(bar.rate) - plotLeft).toFixed(2)}" height="${barHeight}" rx="2"/>
      <text class="value" x="${x(bar.rate) + 6}" y="${baseline}">${bar.valueLabel}</text>
    </g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">
    <title id="chart-title">${chart.title}</title>
    <desc id="chart-desc">${chart.description}</desc>
    ${grid}
    ${bars}
  </svg>`;
}
