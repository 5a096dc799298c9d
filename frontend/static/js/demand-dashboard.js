/* Demand dashboard charts (ECharts, vendored). Data: the #demand-data JSON script. */
(function () {
  var el = document.getElementById("demand-data");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var instance = echarts.init(node);
    instance.setOption(option);
    window.addEventListener("resize", function () { instance.resize(); });
  }
  function bars(id, rows, label, value) {
    rows = rows.slice().reverse();
    chart(id, {
      tooltip: { trigger: "axis" }, grid: { left: 140, right: 20, top: 10, bottom: 20 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r[label]; }), axisLabel: { width: 130, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map(function (r) { return r[value]; }) }]
    });
  }
  function salaries(id, rows) {
    rows = rows.slice().reverse();
    chart(id, {
      tooltip: { trigger: "axis" }, legend: { data: ["P25", "P50", "P75"] },
      grid: { left: 140, right: 20, top: 30, bottom: 20 }, xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }), axisLabel: { width: 130, overflow: "truncate" } },
      series: ["p25", "p50", "p75"].map(function (k) {
        return { name: k.toUpperCase(), type: "scatter", data: rows.map(function (r) { return r[k]; }) };
      })
    });
  }
  var monthly = document.getElementById("chart-monthly");
  var labelNew = (monthly && monthly.getAttribute("data-label-new")) || "new";
  var labelReposts = (monthly && monthly.getAttribute("data-label-reposts")) || "re-posts";
  chart("chart-monthly", {
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: data.monthly.map(function (r) { return r.month; }) },
    yAxis: { type: "value" },
    series: [
      { name: labelNew, type: "bar", stack: "n", data: data.monthly.map(function (r) { return r.new; }) },
      { name: labelReposts, type: "bar", stack: "n", data: data.monthly.map(function (r) { return r.reposts; }) }
    ]
  });
  bars("chart-skills", data.top_skills, "label", "postings");
  salaries("chart-salary-skill", data.salary_by_skill);
  salaries("chart-salary-city", data.salary_by_city);
  bars("chart-employers", data.employers.top, "company", "postings");
  chart("chart-aigc", {
    tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "category", data: data.aigc.map(function (r) { return r.month; }) },
    yAxis: { type: "value", axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + "%"; } } },
    series: [{ type: "line", data: data.aigc.map(function (r) { return r.share; }) }]
  });
})();
