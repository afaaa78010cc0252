import type { CoverageChild, CoverageNode, ReportData } from "./fetch-report.js";
import { formatCount, formatFetchedAt, formatGain, formatPartOf, formatRate, notApplicable } from "./format.js";
import { childLevelOf, levelNouns } from "./labels.js";
import { tableViewsOf, type TableView } from "./table-views.js";

/** One headline figure: what the page prints, and the raw value it came from. */
export interface HeadlineFigure {
  /** The API field it shows, kept on the page so readers' tools (and tests) can find it. */
  indicator: string;
  label: string;
  value: string;
  raw: number | null;
  detail: string;
}

/** One bar of the chart: a child region and its village reach rate. */
export interface ChartBar {
  code: string;
  name: string;
  /** 0–1; 0 when the region has no villages to reach. */
  rate: number;
  valueLabel: string;
  tooltip: string;
}

export interface ChartView {
  title: string;
  description: string;
  bars: ChartBar[];
}

export interface ReportView {
  title: string;
  subtitle: string;
  headline: HeadlineFigure[];
  /** Undefined for a village, which has no regions below it. */
  chart: ChartView | undefined;
  tables: TableView[];
  fetchedAt: { iso: string; text: string };
  trainerTarget: number;
}

const scopeName = (coverage: CoverageNode) => coverage.region?.name ?? "Indonesia";

function titleOf({ coverage, scope }: ReportData): string {
  return `P3PD ToT cascade — ${scopeName(coverage)}${scope.stage === undefined ? "" : `, stage ${scope.stage}`}`;
}

function subtitleOf({ coverage, stage }: ReportData): string {
  const where = coverage.region ? `${levelNouns[coverage.level].one} ${coverage.region.code}` : `Indonesia, all ${coverage.children.length} provinces`;
  const when = stage ? `${stage.name} (${stage.period}) · its ToTs and the trainings that followed in its provinces` : "All stages";
  return `${where} · ${when}`;
}

function headlineOf(coverage: CoverageNode): HeadlineFigure[] {
  const target = coverage.trainerTarget;
  return [
    {
      indicator: "totParticipants",
      label: "ToT participants",
      value: formatCount(coverage.totParticipants),
      raw: coverage.totParticipants,
      detail: "kabupaten officials trained as trainers",
    },
    {
      indicator: "certifiedTrainers",
      label: "Certified trainers",
      value: formatCount(coverage.certifiedTrainers),
      raw: coverage.certifiedTrainers,
      detail: "passed the ToT: may train kecamatan apparatus",
    },
    {
      indicator: "kabupatenMeetingTrainerTarget",
      label: "Kabupaten meeting the trainer target",
      value: coverage.kabupatenTotal === 0 ? notApplicable : formatCount(coverage.kabupatenMeetingTrainerTarget),
      raw: coverage.kabupatenMeetingTrainerTarget,
      detail:
        coverage.kabupatenTotal === 0
          ? "applies to kabupaten/kota and above"
          : `of ${formatCount(coverage.kabupatenTotal)} have ${formatCount(target)}+ certified trainers`,
    },
    {
      indicator: "kecamatanCovered",
      label: "Kecamatan covered",
      value: formatCount(coverage.kecamatanCovered),
      raw: coverage.kecamatanCovered,
      detail:
        coverage.kecamatanTotal === 0
          ? "applies to kecamatan and above"
          : `of ${formatCount(coverage.kecamatanTotal)} · ${formatRate(coverage.kecamatanCoverageRate)}`,
    },
    {
      indicator: "villagesReached",
      label: "Villages reached",
      value: formatCount(coverage.villagesReached),
      raw: coverage.villagesReached,
      detail: `of ${formatCount(coverage.villagesTotal)} · ${formatRate(coverage.villageReachRate)}`,
    },
    {
      indicator: "gainAverage",
      label: "Average score gain",
      value: formatGain(coverage.gainAverage),
      raw: coverage.gainAverage,
      detail: "points, post-test minus pre-test",
    },
  ];
}

function barOf(child: CoverageChild): ChartBar {
  const code = child.regionCode ?? "";
  const name = child.region?.name ?? code;
  const reached = formatPartOf(child.villagesReached, child.villagesTotal);
  return {
    code,
    name,
    rate: child.villageReachRate ?? 0,
    valueLabel: formatRate(child.villageReachRate),
    tooltip: `${name} (${code}): ${formatRate(child.villageReachRate)} of villages reached (${reached})`,
  };
}

function chartOf(coverage: CoverageNode): ChartView | undefined {
  const childLevel = childLevelOf[coverage.level];
  if (!childLevel) return undefined;
  const child = levelNouns[childLevel].one.toLowerCase();
  // A village is reached or not: its "rate" is all or nothing, so say what the bar means.
  const measure =
    childLevel === "VILLAGE"
      ? "Whether each village's officials took part in a completed village session (100%) or not (0%)"
      : `Share of each ${child}'s villages whose officials took part in a completed village session`;
  return {
    title: `Village reach rate by ${child}`,
    description: `${measure}; ${formatCount(coverage.children.length)} bars in code order.`,
    bars: coverage.children.map(barOf),
  };
}

/** Everything the page shows, worded and formatted; the page itself only lays it out. */
export function reportViewOf(data: ReportData): ReportView {
  const { coverage, fetchedAt } = data;
  return {
    title: titleOf(data),
    subtitle: subtitleOf(data),
    headline: headlineOf(coverage),
    chart: chartOf(coverage),
    tables: tableViewsOf(coverage),
    fetchedAt: { iso: fetchedAt.toISOString(), text: formatFetchedAt(fetchedAt) },
    trainerTarget: coverage.trainerTarget,
  };
}
