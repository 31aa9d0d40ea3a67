/* Charts of the assessment pages, drawn with ECharts from data in json_script tags.
 *
 * A chart is a <div data-chart="radar|trend" data-source="ID"> where ID is the id of a
 * <script type="application/json"> made by Django's json_script filter. The data carry
 * their own (translated) labels, so this file holds no user-visible text.
 */
(function () {
  "use strict";

  function readData(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function radarOption(data) {
    return {
      animation: false,
      legend: { bottom: 0, data: [data.labels.community, data.labels.peers] },
      tooltip: {},
      radar: {
        indicator: data.dimensions.map(function (name) { return { name: name, max: 100 }; }),
        radius: "62%"
      },
      series: [{
        type: "radar",
        data: [
          { value: data.community, name: data.labels.community, areaStyle: { opacity: 0.25 } },
          { value: data.peers, name: data.labels.peers, lineStyle: { type: "dashed" } }
        ]
      }]
    };
  }

  function trendOption(data) {
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [data.labels.score, data.labels.rank] },
      xAxis: { type: "category", data: data.periods },
      yAxis: [
        { type: "value", name: data.labels.score, min: 0, max: 100 },
        { type: "value", name: data.labels.rank, inverse: true, minInterval: 1 }
      ],
      series: [
        { name: data.labels.score, type: "line", data: data.scores, symbolSize: 8 },
        { name: data.labels.rank, type: "line", yAxisIndex: 1, data: data.ranks,
          lineStyle: { type: "dashed" } }
      ]
    };
  }

  var builders = { radar: radarOption, trend: trendOption };

  function drawAll(root) {
    if (typeof window.echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      var build = builders[element.dataset.chart];
      var data = readData(element);
      if (!build || !data || element.dataset.drawn) { return; }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(build(data));
      element.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
}());
