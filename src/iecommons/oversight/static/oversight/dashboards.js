/* Charts of the jurisdiction dashboards, drawn with ECharts from json_script data.
 *
 * A chart is a <div data-chart="bars|stacked|pie|tiles" data-source="ID">, where ID names a
 * <script type="application/json"> written by Django's json_script filter. The data carry
 * their own translated labels and the address of the list (or dashboard) behind each bar,
 * slice or tile, which a click opens; this file holds no user-visible text.
 *
 * "tiles" is the tile-grid map of China: one square per provincial-level division at its
 * (column, row), coloured by its number of communities; no boundary data is drawn.
 */
(function () {
  "use strict";

  function readData(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function range(n) {
    var out = [];
    for (var i = 0; i < n; i += 1) { out.push(i); }
    return out;
  }

  function barsOption(data) {
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0 } };
    var value = { type: "value", minInterval: 1 };
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: data.horizontal ? 140 : 40, right: 16, top: 16, bottom: 32 },
      xAxis: data.horizontal ? value : category,
      yAxis: data.horizontal ? Object.assign({ inverse: true }, category) : value,
      series: [{ type: "bar", data: data.values, cursor: data.urls ? "pointer" : "default" }]
    };
  }

  function stackedOption(data) {
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (serie) {
        return { name: serie.name, type: "bar", stack: "all", data: serie.data };
      })
    };
  }

  function pieOption(data) {
    return {
      animation: false,
      tooltip: { trigger: "item" },
      series: [{
        type: "pie",
        radius: ["35%", "70%"],
        data: data.labels.map(function (label, index) {
          return { name: label, value: data.values[index] };
        })
      }]
    };
  }

  // The squares' labels fit their square: on a phone a square is about 34 px wide, and a
  // three-character name in the default 12 px ran past the chart's edge (黑龙江).
  function tileLabelSize(width, columns) {
    var square = (width - 8) / Math.max(columns, 1);
    // English names are longer than the Chinese ones (Heilongjiang, Inner Mongolia).
    var latin = document.documentElement.lang.indexOf("zh") !== 0;
    var fontSize = square < 44 ? (latin ? 9 : 10) : (latin ? 11 : 12);
    return { width: Math.max(square - 4, 16), fontSize: fontSize };
  }

  function tilesOption(data, width) {
    var fit = tileLabelSize(width, data.columns);
    var max = 1;
    data.tiles.forEach(function (tile) { max = Math.max(max, tile.count); });
    return {
      animation: false,
      tooltip: {
        formatter: function (params) {
          var tile = data.tiles[params.dataIndex];
          return tile.name + ": " + tile.count + " " + data.label;
        }
      },
      grid: { left: 4, right: 4, top: 4, bottom: 44 },
      xAxis: { type: "category", data: range(data.columns), show: false },
      yAxis: { type: "category", data: range(data.rows), inverse: true, show: false },
      visualMap: {
        min: 0, max: max, orient: "horizontal", left: "center", bottom: 0,
        itemHeight: 160, calculable: false,
        inRange: { color: ["#e9f0f9", "#1d60b0"] }
      },
      series: [{
        type: "heatmap",
        cursor: "pointer",
        data: data.tiles.map(function (tile) { return [tile.x, tile.y, tile.count]; }),
        label: {
          show: true,
          width: fit.width,
          fontSize: fit.fontSize,
          overflow: "break",
          formatter: function (params) {
            var tile = data.tiles[params.dataIndex];
            return tile.name + "\n" + tile.count;
          }
        },
        itemStyle: { borderColor: "#ffffff", borderWidth: 3 }
      }]
    };
  }

  var builders = { bars: barsOption, stacked: stackedOption, pie: pieOption, tiles: tilesOption };

  function target(data, params) {
    if (data.kind === "tiles") { return data.tiles[params.dataIndex].url; }
    if (data.urls) { return data.urls[params.dataIndex]; }
    return null;
  }

  function drawAll(root) {
    if (typeof window.echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      var build = builders[element.dataset.chart];
      var data = readData(element);
      if (!build || !data || element.dataset.drawn) { return; }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(build(data, element.clientWidth));
      chart.on("click", function (params) {
        var url = target(data, params);
        if (url) { window.location.assign(url); }
      });
      element.dataset.drawn = "1";
      window.addEventListener("resize", function () {
        chart.resize();
        if (data.kind === "tiles") { chart.setOption(build(data, element.clientWidth)); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
}());
