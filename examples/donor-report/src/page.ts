import { renderBarChart } from "./bar-chart.js";
import { formatCount } from "./format.js";
import { Html, html } from "./html.js";
import { styles } from "./styles.js";
import { renderTable } from "./table.js";
import type { HeadlineFigure, ReportView } from "./view-model.js";

// The page may load nothing from anywhere: the browser enforces what the report promises.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const headlineFigure = (figure: HeadlineFigure) => html`<div class="kpi" data-indicator="${figure.indicator}" data-value="${figure.raw === null ? "" : String(figure.raw)}">
    <dt>${figure.label}</dt>
    <dd class="value">${figure.value}</dd>
    <dd class="detail">${figure.detail}</dd>
  </div>`;

function definitions(trainerTarget: number): Html {
  const terms: [string, string][] = [
    ["ToT participants", "Enrolments in the provincial Training of Trainers of people living in the region."],
    ["Certified trainers", "ToT participants who attended every day and reached the pass mark (70 by default) in the post-test."],
    ["Trainer target", `A kabupaten/kota meets it with at least ${formatCount(trainerTarget)} certified trainers living there.`],
    ["Kecamatan covered", "Kecamatan where someone completed a kecamatan training: kecamatan apparatus or a kecamatan facilitator."],
    ["Villages reached", "Villages whose officials took part in a completed village session led by a trained kecamatan official."],
    ["Rates", "Recomputed from the counts at each level (reached ÷ total), never averaged over regions."],
    ["Average gain", "Post-test minus pre-test score, over participants with both, in every training in scope."],
    ["Stage", "A stage's ToTs, and the kecamatan trainings and village sessions that followed in its provinces."],
  ];
  return html`<section class="definitions" aria-labelledby="definitions-title">
    <h2 id="definitions-title">Definitions</h2>
    <dl>${terms.map(([term, meaning]) => html`<dt>${term}</dt><dd>${meaning}</dd>`)}</dl>
  </section>`;
}

/** The whole report as one HTML document: styles and chart inline, nothing to fetch. */
export function renderPage(view: ReportView): string {
  const chart = view.chart
    ? html`<section aria-labelledby="chart-heading">
        <h2 id="chart-heading">${view.chart.title}</h2>
        <p class="lead">${view.chart.description}</p>
        <div class="chart-wrap">${renderBarChart(view.chart)}</div>
      </section>`
    : html`<p class="lead">A village has no regions below it, so there is no chart.</p>`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<link rel="icon" href="data:,">
<title>${view.title}</title>
<style>${new Html(styles) /* our own constant: a <style> element does not decode escapes */}</style>
</head>
<body>
<main>
  <header>
    <p class="eyebrow">P3PD · Village Government and Development Strengthening Program · Sub-component 1D</p>
    <h1>${view.title}</h1>
    <p class="subtitle">${view.subtitle}</p>
    <p class="fetched">Data fetched <time datetime="${view.fetchedAt.iso}">${view.fetchedAt.text}</time> from the P3PD Training Graph API.</p>
  </header>
  <section aria-labelledby="headline-heading">
    <h2 id="headline-heading" class="visually-hidden">Headline indicators</h2>
    <dl class="kpis">${view.headline.map(headlineFigure)}</dl>
  </section>
  ${chart}
  <h2>Tables</h2>
  ${view.tables.map(renderTable)}
  ${definitions(view.trainerTarget)}
</main>
</body>
</html>
`;
  return page.markup;
}
