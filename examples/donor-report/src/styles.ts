/**
 * The page's only stylesheet, inlined: the report must open offline, so no web fonts — a system
 * font stack instead. Text colours keep at least 4.5:1 contrast on white (WCAG AA).
 */
export const styles = `
:root {
  color-scheme: light;
  --ink: #1b2a38;
  --muted: #4a5a6a;
  --line: #d8e0e8;
  --soft: #f3f6f9;
  --accent: #0d5f8a;
  --bar: #1577a8;
  --track: #e8eef3;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: #fff;
  color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1440px; margin: 0 auto; padding: 40px 28px 56px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 20px; margin-bottom: 28px; }
.eyebrow { margin: 0; color: var(--accent); font-size: 12px; font-weight: 700; letter-spacing: .09em; text-transform: uppercase; }
h1 { margin: 6px 0 6px; font-size: 30px; line-height: 1.2; letter-spacing: -.01em; }
h2 { margin: 40px 0 6px; font-size: 20px; }
h3 { margin: 32px 0 4px; font-size: 16px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.subtitle, .fetched { margin: 0; max-width: 90ch; color: var(--muted); }
.fetched { font-size: 13px; margin-top: 6px; }
.kpis { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; margin: 0; }
.kpi { margin: 0; padding: 16px 18px; border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 8px; background: #fff; }
.kpi dt { color: var(--muted); font-size: 13px; font-weight: 600; }
.kpi .value { margin: 4px 0 2px; font-size: 30px; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
.kpi .detail { margin: 0; color: var(--muted); font-size: 13px; }
.lead, .note { color: var(--muted); font-size: 13px; margin: 0 0 10px; max-width: 72ch; }
/* On a phone the chart scrolls sideways instead of shrinking its labels out of legibility. */
.chart-wrap { overflow-x: auto; }
.chart { display: block; max-width: 100%; min-width: 600px; height: auto; margin-top: 8px; font-size: 12px; }
.chart .label, .chart .value { fill: var(--ink); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .track { fill: var(--track); }
.chart .bar { fill: var(--bar); }
.chart .row:hover .bar { fill: var(--accent); }
.table-section.compact { max-width: 880px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); color: var(--muted); font-weight: 600; font-size: 12px; line-height: 1.3; vertical-align: bottom; }
tbody tr:nth-child(even) td { background: #fafbfc; }
tbody tr:last-child td { border-bottom: 0; }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; min-width: 64px; }
.name { white-space: nowrap; }
tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: 0; background: var(--soft); }
.definitions { margin-top: 44px; padding-top: 18px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
.definitions h2 { margin-top: 0; font-size: 15px; color: var(--ink); }
.definitions dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.definitions dt { font-weight: 600; color: var(--ink); }
.definitions dd { margin: 0; }
@media (max-width: 900px) {
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 640px) {
  .kpis { grid-template-columns: 1fr; }
  main { padding: 24px 16px 40px; }
  h1 { font-size: 24px; }
  .definitions dl { grid-template-columns: 1fr; }
}
@media print {
  main { max-width: none; padding: 0; }
  .kpi, .table-wrap { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
}
`;
