(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  function pie(id, rows) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["40%", "70%"], label: { fontSize: 11 },
        data: rows.map(function (r) { return { name: r[0], value: r[1] }; }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  pie("chart-tiers", data.tiers);
  pie("chart-kinds", data.kinds);
})();
