/* cgflow reports: draws the chart specifications of the page (script#cgflow-charts) with uPlot.
   Sets data-charts-drawn on <body> to the number of charts drawn, or data-charts-error on failure. */
(function () {
  "use strict";
  function draw() {
    var specs = JSON.parse(document.getElementById("cgflow-charts").textContent);
    var drawn = 0;
    specs.forEach(function (c) {
      var el = document.getElementById(c.el);
      if (!el) { return; }
      var data = [c.x];
      var series = [{ label: c.x_label }];
      var bands = [];
      c.series.forEach(function (s) {
        var idx = data.length;
        data.push(s.y);
        series.push({
          label: s.label, stroke: s.color, width: 1.6, dash: s.dash ? [6, 4] : undefined,
          points: { show: !!c.points, size: 6, fill: s.color }, spanGaps: !!c.points
        });
        if (s.lo && s.hi) {
          data.push(s.hi);
          series.push({ label: s.label + " +σ", stroke: "transparent", points: { show: false }, width: 0 });
          data.push(s.lo);
          series.push({ label: s.label + " −σ", stroke: "transparent", points: { show: false }, width: 0 });
          bands.push({ series: [idx + 1, idx + 2], fill: s.color + "33" });
        }
      });
      var width = Math.max(320, Math.min(el.clientWidth || 560, 900));
      var opts = {
        title: c.title, width: width, height: 260, series: series, bands: bands,
        scales: { x: { time: false }, y: c.log_y ? { distr: 3 } : {} },
        axes: [{ label: c.x_label }, { label: c.y_label, size: 60 }],
        legend: { live: false }
      };
      new uPlot(opts, data, el);
      drawn++;
    });
    document.body.setAttribute("data-charts-drawn", String(drawn));
  }
  try {
    draw();
  } catch (e) {
    document.body.setAttribute("data-charts-error", String(e));
    throw e;
  }
})();
