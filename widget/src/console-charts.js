// The operator console's analytics charts (bot/console/templates/analytics.html), bundled with
// Chart.js from the pinned npm package into bot/console/static/charts.js by build.mjs.
// The numbers come from a JSON <script> block the server rendered; nothing is fetched.
import { Chart, registerables } from "chart.js";

Chart.register(...registerables);

function draw(canvas, spec) {
  return new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? "y" : "x",
      scales: { y: { beginAtZero: true, stacked: !!spec.stacked }, x: { stacked: !!spec.stacked } },
    },
  });
}

document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
  var source = document.getElementById(canvas.getAttribute("data-chart"));
  if (source) draw(canvas, JSON.parse(source.textContent));
});
