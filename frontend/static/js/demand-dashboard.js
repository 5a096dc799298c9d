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

/* Forecast: history line, forecast line, 80 % and 95 % interval bands (stacked areas). */
(function () {
  var el = document.getElementById("forecast-data");
  var node = document.getElementById("chart-forecast");
  if (!el || !node || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  if (!data.enough_history) { return; }
  var label = function (name, fallback) { return node.getAttribute("data-label-" + name) || fallback; };
  var history = data.history, future = data.forecast;
  var months = history.map(function (r) { return r.month; }).concat(future.map(function (r) { return r.month; }));
  var pad = function (n) { var out = []; for (var i = 0; i < n; i++) { out.push(null); } return out; };
  var last = history.length - 1;
  var actual = history.map(function (r) { return r.postings; }).concat(pad(future.length));
  var point = pad(last).concat([history[last].postings], future.map(function (r) { return r.point; }));
  function band(lowerKey, upperKey, stack, name, opacity) {
    var lower = pad(history.length).concat(future.map(function (r) { return r[lowerKey]; }));
    var width = pad(history.length).concat(future.map(function (r) { return r[upperKey] - r[lowerKey]; }));
    return [
      { name: name, type: "line", stack: stack, data: lower, symbol: "none", lineStyle: { opacity: 0 },
        itemStyle: { color: "#0d6efd", opacity: opacity * 3 } },
      { name: name, type: "line", stack: stack, data: width, symbol: "none", lineStyle: { opacity: 0 },
        itemStyle: { color: "#0d6efd", opacity: opacity * 3 }, areaStyle: { color: "#0d6efd", opacity: opacity } }
    ];
  }
  var instance = echarts.init(node);
  instance.setOption({
    tooltip: { trigger: "axis", formatter: function (items) {
      var month = items.length ? items[0].axisValue : "";
      var row = future.filter(function (r) { return r.month === month; })[0];
      var seen = history.filter(function (r) { return r.month === month; })[0];
      if (row) {
        return month + "<br>" + label("forecast", "forecast") + ": " + row.point +
          "<br>" + label("80", "80%") + ": " + row.lower80 + " – " + row.upper80 +
          "<br>" + label("95", "95%") + ": " + row.lower95 + " – " + row.upper95;
      }
      return seen ? month + "<br>" + label("history", "history") + ": " + seen.postings : month;
    } }, legend: { data: [label("history", "history"), label("forecast", "forecast"), label("95", "95%"), label("80", "80%")] },
    grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: months, boundaryGap: false },
    yAxis: { type: "value", scale: true },
    series: band("lower95", "upper95", "b95", label("95", "95%"), 0.12)
      .concat(band("lower80", "upper80", "b80", label("80", "80%"), 0.22))
      .concat([
        { name: label("history", "history"), type: "line", data: actual, symbol: "circle", symbolSize: 4, color: "#212529" },
        { name: label("forecast", "forecast"), type: "line", data: point, lineStyle: { type: "dashed" }, color: "#0d6efd" }
      ])
  });
  window.addEventListener("resize", function () { instance.resize(); });
})();
