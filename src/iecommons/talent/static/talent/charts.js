/* The supply–demand chart of the talent pages, drawn with ECharts from a json_script tag.
 *
 * <div data-chart="supply" data-source="ID">: ID names a <script type="application/json">
 * made by Django's json_script filter, carrying its own translated labels, so this file
 * holds no user-visible text.
 */
(function () {
  "use strict";

  function supplyOption(data) {
    var l = data.labels;
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [l.positions, l.graduates, l.placed, l.hired, l.ratio] },
      grid: { left: 56, right: 56, top: 32, bottom: 56 },
      xAxis: { type: "category", data: data.years },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", name: l.ratio, splitLine: { show: false } }
      ],
      series: [
        { name: l.positions, type: "bar", data: data.positions },
        { name: l.graduates, type: "bar", data: data.graduates },
        { name: l.placed, type: "bar", data: data.placed },
        { name: l.hired, type: "bar", data: data.hired },
        { name: l.ratio, type: "line", yAxisIndex: 1, data: data.ratio, symbolSize: 8 }
      ]
    };
  }

  function drawAll(root) {
    if (typeof window.echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart='supply']").forEach(function (element) {
      var source = document.getElementById(element.dataset.source);
      if (!source || element.dataset.drawn) { return; }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(supplyOption(JSON.parse(source.textContent)));
      element.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
}());
