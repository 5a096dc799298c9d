/* Competency radar (ECharts, vendored): assessed level against the major's target profile
   and regional demand. Data: #radar-data; labels: data-label-* on #chart-radar. */
(function () {
  var el = document.getElementById("radar-data");
  var node = document.getElementById("chart-radar");
  if (!el || !node || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  if (!data.axes || data.axes.length < 3) { node.style.display = "none"; return; }
  function label(name) { return node.getAttribute("data-label-" + name) || name; }
  var series = [{ value: data.student, name: label("student") }];
  if (data.target && data.target.length) { series.push({ value: data.target, name: label("target") }); }
  if (data.demand && data.demand.length) { series.push({ value: data.demand, name: label("demand") }); }
  var chart = echarts.init(node);
  chart.setOption({
    animation: false,
    tooltip: {}, legend: { bottom: 0 },
    radar: { indicator: data.axes.map(function (a) { return { name: a.name, max: a.max }; }), radius: "62%" },
    series: [{ type: "radar", data: series }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
