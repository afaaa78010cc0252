import type { Spread } from "../measure/statistics.js";
import type { ScenarioReport } from "./results.js";
import type { TargetVerdict } from "./targets.js";

/** A plain-text table (Markdown pipes, so it pastes into docs/performance.md as it is). */
function render(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "—");
/** The median, with min–max after it: the median is what is judged, the range shows the noise. */
const withRange = (s: Spread, digits: number) => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;

export function resultsTable(reports: ScenarioReport[]): string {
  const header = ["scenario", "system", "p50 ms", "p95 ms", "p99 ms", "ops/s @8", "SQL/op", "peak MiB", "ours÷PG ops/s", "ours÷PG p50", "ours÷floor ops/s", "ours÷floor p50", "ours÷SQL ops/s", "ours÷SQL p50"];
  const rows: string[][] = [];
  for (const report of reports) {
    for (const contender of report.contenders) {
      const isOurs = contender.system === "ours" && contender.engine === "postgresql";
      // Ratios sit on our row: ours over PostGraphile, the HTTP floor and the SQL floor, from the same runs.
      const ratio = (name: string) => {
        const found = isOurs ? report.ratios.find((r) => r.name === name) : undefined;
        return found ? `${fixed(found.spread.median, 2)}` : "";
      };
      rows.push([
        report.name,
        contender.label,
        withRange(contender.summary.p50, 1),
        fixed(contender.summary.p95.median, 1),
        fixed(contender.summary.p99.median, 1),
        withRange(contender.summary.throughput, 0),
        contender.statementsPerOperation === null ? "—" : fixed(contender.statementsPerOperation, 1),
        contender.memory ? fixed(contender.memory.peakMiB, 0) : "—",
        ratio("throughput ours / PostGraphile"),
        ratio("p50 ours / PostGraphile"),
        ratio("throughput ours / HTTP floor"),
        ratio("p50 ours / HTTP floor"),
        ratio("throughput ours / raw SQL"),
        ratio("p50 ours / raw SQL"),
      ]);
    }
  }
  return render(header, rows);
}

export function targetsTable(verdicts: TargetVerdict[]): string {
  const mark = (met: boolean | null) => (met === null ? "—" : met ? "met" : "MISSED");
  return render(
    ["target (issues 6, 18 and 19)", "measured (medians)", "", "margin"],
    verdicts.map((v) => [v.target, v.measured, mark(v.met), v.margin]),
  );
}
