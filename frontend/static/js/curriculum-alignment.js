/* Curriculum alignment charts (ECharts, vendored): gap bars, score trend over versions,
   heat map course × skill, Sankey courses → skills → occupations. Data: #curriculum-data. */
(function () {
  var el = document.getElementById("curriculum-data");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  var charts = data.charts || {};
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var instance = echarts.init(node);
    instance.setOption(option);
    window.addEventListener("resize", function () { instance.resize(); });
  }
  var gaps = (charts.gaps || []).slice().reverse();
  chart("chart-gaps", {
    tooltip: { trigger: "axis" }, grid: { left: 160, right: 20, top: 10, bottom: 20 },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: gaps.map(function (g) { return g.label; }), axisLabel: { width: 150, overflow: "truncate" } },
    series: [{ type: "bar", data: gaps.map(function (g) {
      return { value: g.weight, itemStyle: { color: g.status === "gap" ? "#dc3545" : "#ffc107" } };
    }) }]
  });
  var trend = data.trend || [];
  var trendNode = document.getElementById("chart-trend");
  function label(name, fallback) {
    return (trendNode && trendNode.getAttribute("data-label-" + name)) || fallback;
  }
  chart("chart-trend", {
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: trend.map(function (t) { return "v" + t.number; }) },
    yAxis: { type: "value", min: 0, max: 1 },
    series: [
      { name: label("score", "score"), type: "line", data: trend.map(function (t) { return t.score; }) },
      { name: label("breadth", "breadth"), type: "line", data: trend.map(function (t) { return t.breadth; }) }
    ]
  });
  var heat = charts.heatmap || { skills: [], courses: [], cells: [] };
  chart("chart-heatmap", {
    tooltip: { position: "top" }, grid: { left: 200, right: 20, top: 10, bottom: 140 },
    xAxis: { type: "category", data: heat.skills, axisLabel: { rotate: 60, width: 120, overflow: "truncate" } },
    yAxis: { type: "category", data: heat.courses, axisLabel: { width: 190, overflow: "truncate" } },
    visualMap: { min: 0, max: 3, calculable: false, orient: "horizontal", left: "center", bottom: 0 },
    series: [{ type: "heatmap", data: heat.cells }]
  });
  var sankey = charts.sankey || { nodes: [], links: [] };
  chart("chart-sankey", {
    tooltip: { trigger: "item" },
    series: [{ type: "sankey", data: sankey.nodes, links: sankey.links, emphasis: { focus: "adjacency" },
               label: { width: 160, overflow: "truncate" }, nodeGap: 6 }]
  });
})();
