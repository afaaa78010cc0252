import type { CoverageChild, CoverageNode } from "./fetch-report.js";
import { formatCount, formatGain, formatPartOf, formatRate, formatScore, notApplicable } from "./format.js";
import { childLevelOf, institutionLabels, levelNouns, villageKindLabels } from "./labels.js";

export interface TableColumn {
  label: string;
  /** Right-aligned, in tabular figures. */
  numeric: boolean;
  /** A region's name: kept on one line, so rows stay one line high. */
  name?: boolean;
}

export interface TableRow {
  /** The child region a row stands for, if any. */
  regionCode?: string;
  cells: string[];
}

/** A table as the page prints it: every cell already worded and formatted. */
export interface TableView {
  id: string;
  caption: string;
  note?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** The totals row, for the region the report is about. */
  total?: TableRow;
  /** Few columns: kept narrow, so figures stay near their labels. */
  compact: boolean;
}

const text = (label: string): TableColumn => ({ label, numeric: false });
const number = (label: string): TableColumn => ({ label, numeric: true });
const name = (label: string): TableColumn => ({ label, numeric: false, name: true });

const rateOf = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The trainer target per row: met or not for a kabupaten, how many met it above, nothing below. */
function trainerTargetCell(row: CoverageChild | CoverageNode): string {
  if (row.meetsTrainerTarget !== null) return row.meetsTrainerTarget ? "Yes" : "No";
  return row.kabupatenTotal === 0 ? notApplicable : formatPartOf(row.kabupatenMeetingTrainerTarget, row.kabupatenTotal);
}

function indicatorCells(row: CoverageChild | CoverageNode): string[] {
  return [
    formatCount(row.totParticipants),
    formatCount(row.certifiedTrainers),
    trainerTargetCell(row),
    formatCount(row.kecamatanTrainingsHeld),
    formatCount(row.kecamatanApparatusTrained),
    formatCount(row.facilitatorsTrained),
    formatPartOf(row.kecamatanCovered, row.kecamatanTotal),
    formatRate(row.kecamatanCoverageRate),
    formatCount(row.villageSessionsHeld),
    formatPartOf(row.villagesReached, row.villagesTotal),
    formatRate(row.villageReachRate),
    formatGain(row.gainAverage),
  ];
}

function childrenTable(coverage: CoverageNode): TableView | undefined {
  const childLevel = childLevelOf[coverage.level];
  if (!childLevel) return undefined;
  return {
    id: "children",
    compact: false,
    caption: `${levelNouns[childLevel].many} of ${coverage.region?.name ?? "Indonesia"}`,
    note: "People count where they live and trainings where they are held, so the totals row can exceed the sum of the rows: kabupaten officials trained at a ToT live in a kabupaten, not in any of its kecamatan.",
    columns: [
      text("Code"),
      name(levelNouns[childLevel].one),
      number("ToT participants"),
      number("Certified trainers"),
      number(`Trainer target (${formatCount(coverage.trainerTarget)}+) met`),
      number("Kecamatan trainings held"),
      number("Kecamatan apparatus trained"),
      number("Facilitators trained"),
      number("Kecamatan covered"),
      number("Kecamatan coverage"),
      number("Village sessions held"),
      number("Villages reached"),
      number("Village reach"),
      number("Average gain"),
    ],
    rows: coverage.children.map((child) => {
      const code = child.regionCode ?? "";
      return { regionCode: code, cells: [code, child.region?.name ?? code, ...indicatorCells(child)] };
    }),
    total: { cells: ["", `Total, ${coverage.region?.name ?? "Indonesia"}`, ...indicatorCells(coverage)] },
  };
}

function villageKindTable(coverage: CoverageNode): TableView {
  return {
    id: "village-kinds",
    compact: true,
    caption: "Villages reached by kind",
    columns: [text("Kind"), number("Reached"), number("Total"), number("Reach rate")],
    rows: coverage.villagesByKind.map((kind) => ({
      cells: [villageKindLabels[kind.kind], formatCount(kind.reached), formatCount(kind.total), formatRate(kind.rate)],
    })),
    total: {
      cells: ["All villages", formatCount(coverage.villagesReached), formatCount(coverage.villagesTotal), formatRate(coverage.villageReachRate)],
    },
  };
}

function institutionTable(coverage: CoverageNode): TableView {
  const rows = coverage.totParticipantsByInstitution;
  const participants = rows.reduce((sum, row) => sum + row.participants, 0);
  const certified = rows.reduce((sum, row) => sum + row.certifiedTrainers, 0);
  return {
    id: "institutions",
    compact: true,
    caption: "ToT participants by institution",
    note: rows.length === 0 ? "No ToT participants live here in this scope." : undefined,
    columns: [text("Institution"), number("Participants"), number("Certified trainers"), number("Certified")],
    rows: rows.map((row) => ({
      cells: [
        institutionLabels[row.institution],
        formatCount(row.participants),
        formatCount(row.certifiedTrainers),
        formatRate(rateOf(row.certifiedTrainers, row.participants)),
      ],
    })),
    total: { cells: ["All institutions", formatCount(participants), formatCount(certified), formatRate(rateOf(certified, participants))] },
  };
}

function moduleTable(coverage: CoverageNode): TableView {
  return {
    id: "modules",
    compact: true,
    caption: "Test scores by curriculum module",
    note: "A training's scores count for every module it covered, so one participant can appear under several modules.",
    columns: [text("#"), text("Module"), number("Participants scored"), number("Pre-test"), number("Post-test"), number("Gain")],
    rows: coverage.scoresByModule.map((scores) => ({
      cells: [
        String(scores.module.number),
        `${scores.module.nameEn} (${scores.module.name})`,
        formatCount(scores.participants),
        formatScore(scores.preTestAverage),
        formatScore(scores.postTestAverage),
        formatGain(scores.gainAverage),
      ],
    })),
    total: {
      cells: ["", "All trainings", "", formatScore(coverage.preTestAverage), formatScore(coverage.postTestAverage), formatGain(coverage.gainAverage)],
    },
  };
}

/** The report's tables: the children with every main indicator, then the region's breakdowns. */
export function tableViewsOf(coverage: CoverageNode): TableView[] {
  const children = childrenTable(coverage);
  return [...(children ? [children] : []), villageKindTable(coverage), institutionTable(coverage), moduleTable(coverage)];
}
