import { html, type Html } from "./html.js";
import type { TableColumn, TableRow, TableView } from "./table-views.js";

function columnClass(column: TableColumn | undefined): Html {
  if (column?.numeric) return html` class="num"`;
  return column?.name ? html` class="name"` : html``;
}

const cellsOf = (columns: TableColumn[], row: TableRow): Html[] =>
  row.cells.map((cell, index) => html`<td${columnClass(columns[index])}>${cell}</td>`);

/** A captioned table, scrolling sideways on narrow screens rather than squeezing its figures. */
export function renderTable(table: TableView): Html {
  const head = table.columns.map((column) => html`<th scope="col"${columnClass(column)}>${column.label}</th>`);
  const rows = table.rows.map(
    (row) => html`<tr${row.regionCode ? html` data-region-code="${row.regionCode}"` : html``}>${cellsOf(table.columns, row)}</tr>`,
  );
  const total = table.total ? html`<tfoot><tr>${cellsOf(table.columns, table.total)}</tr></tfoot>` : html``;
  return html`<section class="table-section${table.compact ? " compact" : ""}" id="${table.id}">
    <h3>${table.caption}</h3>
    ${table.note ? html`<p class="note">${table.note}</p>` : html``}
    <div class="table-wrap">
      <table>
        <thead><tr>${head}</tr></thead>
        <tbody>${rows}</tbody>
        ${total}
      </table>
    </div>
  </section>`;
}
