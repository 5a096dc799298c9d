(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  function pie(id, rows, colors) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    chart.setOption({
      color: colors,
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { type: "scroll", bottom: 0, textStyle: { fontSize: 11 } },
      series: [{ type: "pie", radius: ["38%", "65%"], center: ["50%", "42%"], label: { show: false },
        data: rows.map(function (r) { return { name: r[0], value: r[1] }; }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  // Same colours as the tier badges (talentbridge.css).
  pie("chart-tiers", data.tiers, ["#b8860b", "#c0392b", "#5b3cc4", "#2e86c1", "#6c757d"]);
  pie("chart-kinds", data.kinds, ["#5b3cc4", "#e0457b", "#2e86c1", "#f39c12", "#16a085"]);
})();
