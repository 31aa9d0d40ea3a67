/* Charts of the policy lab, drawn with ECharts from the json_script data of the page.
 * The data carry their own (translated) labels, so this file holds no user-visible text.
 */
(function () {
  "use strict";

  function trajectoryOption(data) {
    var t = data.trajectory;
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      xAxis: { type: "value", name: t.labels.time },
      yAxis: { type: "value", min: 0, max: 1, name: t.labels.share },
      series: t.series.map(function (s) {
        return { type: "line", name: s.name, showSymbol: false,
                 data: s.values.map(function (v, k) { return [t.times[k], v]; }) };
      })
    };
  }

  function sweepOption(data) {
    var s = data.sweep;
    var categories = s.corners.concat([s.none]);
    return {
      animation: false,
      tooltip: { formatter: function (p) { return categories[p.value[2] < 0 ? categories.length - 1 : p.value[2]]; } },
      xAxis: { type: "category", name: s.names[0], data: s.x.map(function (v) { return v.toFixed(2); }) },
      yAxis: { type: "category", name: s.names[1], data: s.y.map(function (v) { return v.toFixed(2); }) },
      visualMap: { type: "piecewise", orient: "horizontal", bottom: 0, left: "center",
        pieces: categories.map(function (label, k) { return { value: k === categories.length - 1 ? -1 : k, label: label }; }) },
      grid: { bottom: 90 },
      series: [{ type: "heatmap", data: s.cells }]
    };
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.source);
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var option = element.dataset.chart === "sweep" ? sweepOption(data) : trajectoryOption(data);
      echarts.init(element).setOption(option);
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
