/* nmsim report charts: draws every <div class="chart" data-chart="..."> from the JSON in #nmsim-data.
 * Sets <html data-nmsim-status="ok" data-nmsim-charts="N"> when every chart has rendered, or
 * data-nmsim-status="error" and data-nmsim-errors="..." otherwise (tests read these from the DOM). */
(function () {
  'use strict';
  var root = document.documentElement;
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    root.setAttribute('data-nmsim-status', 'error');
    root.setAttribute('data-nmsim-errors', errors.join(' | '));
  }
  window.addEventListener('error', function (e) { fail(e.message); });

  var PALETTE = ['#2f6fbf', '#e07b39', '#3a9e5f', '#c2423f', '#8a63b8', '#8c6d4f', '#d46fb0', '#6b6b6b'];
  var AXIS = { axisLine: { lineStyle: { color: '#888' } }, splitLine: { lineStyle: { color: '#eee' } } };

  function fmt(x, digits) {
    if (x === null || x === undefined || (typeof x === 'number' && !isFinite(x))) { return 'n/a'; }
    var a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) { return x.toExponential(digits === undefined ? 3 : digits); }
    return Number(x.toPrecision(digits === undefined ? 4 : digits)).toString();
  }
  function joules(j) {
    if (j === 0) { return '0'; }
    var units = [[1, 'J'], [1e-3, 'mJ'], [1e-6, 'µJ'], [1e-9, 'nJ'], [1e-12, 'pJ']];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(j) >= units[i][0] || i === units.length - 1) { return fmt(j / units[i][0]) + ' ' + units[i][1]; }
    }
    return fmt(j) + ' J';
  }
  function base(extra) {
    var o = {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
      grid: { left: 64, right: 56, top: 40, bottom: 48, containLabel: false },
      tooltip: { trigger: 'axis', confine: true }
    };
    for (var k in extra) { o[k] = extra[k]; }
    return o;
  }
  function axis(extra) {
    var o = { axisLine: AXIS.axisLine, splitLine: AXIS.splitLine, nameLocation: 'middle' };
    for (var k in extra) { o[k] = extra[k]; }
    return o;
  }
  function legend(extra) {
    var o = { top: 4, type: 'scroll' };
    for (var k in extra) { o[k] = extra[k]; }
    return o;
  }

  function accuracy(runs) {
    var series = [];
    runs.forEach(function (run, r) {
      var prefix = runs.length > 1 ? run.label + ': ' : '';
      var color = PALETTE[r % PALETTE.length];
      var epochs = run.report.epochs || [];
      function line(name, key, dashed, yAxisIndex, lineColor) {
        var pts = epochs.filter(function (e) { return e[key] !== null && e[key] !== undefined; })
          .map(function (e) { return [e.epoch, e[key]]; });
        if (pts.length === 0) { return; }
        series.push({ name: prefix + name, type: 'line', data: pts, yAxisIndex: yAxisIndex, symbolSize: 5,
          lineStyle: { type: dashed ? 'dashed' : 'solid', width: 2, color: lineColor },
          itemStyle: { color: lineColor } });
      }
      if (runs.length > 1) {
        line('test', 'testAccuracy', false, 0, color);
        line('train', 'trainAccuracy', true, 0, color);
      } else {
        line('test accuracy', 'testAccuracy', false, 0, PALETTE[0]);
        line('train accuracy', 'trainAccuracy', true, 0, PALETTE[0]);
        line('test loss', 'testLoss', false, 1, PALETTE[1]);
        line('train loss', 'trainLoss', true, 1, PALETTE[1]);
      }
    });
    var yAxes = [axis({ type: 'value', name: 'accuracy', nameGap: 44, min: function (v) { return Math.max(0, Math.floor(v.min * 10) / 10); }, max: 1,
      axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + ' %'; } } })];
    if (runs.length === 1) { yAxes.push(axis({ type: 'value', name: 'loss', nameGap: 40, splitLine: { show: false } })); }
    return base({
      legend: legend({}),
      tooltip: { trigger: 'axis', confine: true, valueFormatter: function (v) { return fmt(v); } },
      xAxis: axis({ type: 'value', name: 'epoch', nameGap: 28, minInterval: 1 }),
      yAxis: yAxes,
      series: series
    });
  }

  function energy(runs) {
    // only the kinds that cost something in at least one run: a chart of 28 mostly empty rows is unreadable, and
    // the energy table below lists every kind, zeros included
    var kinds = [];
    runs.forEach(function (run) {
      run.report.energy.byOperation.forEach(function (l) {
        if (l.joules > 0 && kinds.indexOf(l.opKind) < 0) { kinds.push(l.opKind); }
      });
    });
    var labels = kinds.concat(['static']);
    var series = runs.map(function (run, r) {
      var byKind = {};
      run.report.energy.byOperation.forEach(function (l) { byKind[l.opKind] = l; });
      var data = kinds.map(function (k) {
        var l = byKind[k];
        if (!l) { return { value: 0 }; }
        return { value: l.joules, line: l,
          itemStyle: l.assumption ? { color: PALETTE[r % PALETTE.length], opacity: 0.45,
            borderColor: PALETTE[r % PALETTE.length], borderType: 'dashed', borderWidth: 1 } : undefined };
      });
      data.push({ value: run.report.energy.staticJoules, isStatic: true, run: run.report.energy });
      return { name: runs.length > 1 ? run.label : 'energy', type: 'bar', data: data, barMaxWidth: 28,
        label: { show: true, position: 'right', formatter: function (p) { return joules(p.value) + (p.data.line && p.data.line.assumption ? ' *' : ''); }, fontSize: 11 } };
    });
    return base({
      legend: legend({ show: runs.length > 1 }),
      grid: { left: 170, right: 96, top: runs.length > 1 ? 36 : 16, bottom: 48 },
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        var l = p.data.line;
        if (p.data.isStatic) {
          var e = p.data.run;
          return '<b>static</b>: ' + joules(p.value) + '<br>' + fmt(e.staticPowerWatts) + ' W × ' + fmt(e.simulatedSeconds) + ' s<br>source: ' +
            escapeHtml(e.staticSource) + (e.staticAssumption ? '<br><i>assumption</i>' : '');
        }
        if (!l) { return p.name + ': none'; }
        return '<b>' + escapeHtml(l.opKind) + '</b> (' + escapeHtml(p.seriesName) + '): ' + joules(l.joules) + '<br>' + fmt(l.count) + ' ops × ' + fmt(l.picojoulesPerOp) +
          ' pJ<br>source: ' + escapeHtml(l.source) + (l.assumption ? '<br><i>assumption</i>' : '');
      } },
      xAxis: axis({ type: 'value', name: 'energy', nameGap: 28, axisLabel: { formatter: function (v) { return joules(v); } } }),
      yAxis: axis({ type: 'category', data: labels, inverse: true }),
      series: series
    });
  }

  function heatmap(run) {
    var cores = run.report.cores;
    var width = 0;
    var height = 0;
    cores.forEach(function (c) { width = Math.max(width, c.x + 1); height = Math.max(height, c.y + 1); });
    var cells = {};
    cores.forEach(function (c) {
      var col = c.chip * (width + 1) + c.x;
      var key = col + ',' + c.y;
      var m = c.memory;
      var used = m.weightBits + m.delayBits + m.learningStateBits + m.feedbackBits + m.traceBits;
      var cell = cells[key] || (cells[key] = { col: col, y: c.y, sum: 0, n: 0, cores: [] });
      cell.sum += m.capacityBits > 0 ? used / m.capacityBits : 0;
      cell.n += 1;
      cell.cores.push(c);
    });
    var chips = 0;
    cores.forEach(function (c) { chips = Math.max(chips, c.chip + 1); });
    var columns = [];
    for (var i = 0; i < chips * (width + 1) - 1; i++) {
      columns.push(i % (width + 1) === width ? '' : (chips > 1 ? 'c' + Math.floor(i / (width + 1)) + ' ' : '') + (i % (width + 1)));
    }
    var rows = [];
    for (var y = 0; y < height; y++) { rows.push(String(y)); }
    var data = Object.keys(cells).map(function (k) {
      var c = cells[k];
      return { value: [c.col, c.y, c.sum / c.n], cores: c.cores };
    });
    return base({
      grid: { left: 56, right: 24, top: 16, bottom: 96 },
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        return p.data.cores.map(function (c) {
          var m = c.memory;
          return '<b>core ' + c.core + '</b> (chip ' + c.chip + ', x ' + c.x + ', y ' + c.y + ')<br>' + escapeHtml(c.populations.join(', ')) +
            '<br>compartments ' + c.compartmentsUsed + ' / ' + c.compartmentCapacity +
            '<br>memory ' + fmt(100 * (m.weightBits + m.delayBits + m.learningStateBits + m.feedbackBits + m.traceBits) / Math.max(1, m.capacityBits), 3) + ' % of ' + fmt(m.capacityBits) + ' bits' +
            '<br>weights ' + fmt(m.weightBits) + ', delays ' + fmt(m.delayBits) + ', learning ' + fmt(m.learningStateBits) +
            ', feedback ' + fmt(m.feedbackBits) + ', traces ' + fmt(m.traceBits);
        }).join('<hr>');
      } },
      xAxis: axis({ type: 'category', data: columns, name: 'mesh x', nameGap: 24, splitArea: { show: false } }),
      yAxis: axis({ type: 'category', data: rows, name: 'mesh y', nameGap: 32, inverse: true }),
      visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 6, itemHeight: 180,
        itemWidth: 12, text: ['100 % of memory', '0 %'], textGap: 8,
        inRange: { color: ['#f4f8fc', '#9ecae1', '#3182bd', '#08306b'] } },
      series: [{ type: 'heatmap', data: data, itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: width <= 16, formatter: function (p) { return (p.data.value[2] * 100).toFixed(0); }, fontSize: 10 } }]
    });
  }

  function raster(r) {
    var pts = [];
    for (var i = 0; i < r.times.length; i++) { pts.push([r.times[i], r.neurons[i]]); }
    return base({
      grid: { left: 64, right: 24, top: 16, bottom: 48 },
      tooltip: { trigger: 'item', formatter: function (p) { return 't ' + fmt(p.value[0]) + ', neuron ' + p.value[1]; } },
      xAxis: axis({ type: 'value', name: 'time', nameGap: 28 }),
      yAxis: axis({ type: 'value', name: 'neuron', nameGap: 44, minInterval: 1 }),
      series: [{ type: 'scatter', data: pts, symbol: 'rect', symbolSize: [2, 5], itemStyle: { color: '#222' }, large: pts.length > 5000 }]
    });
  }

  function alignment(run) {
    return base({
      legend: legend({}),
      tooltip: { trigger: 'axis', confine: true, valueFormatter: function (v) { return fmt(v); } },
      xAxis: axis({ type: 'value', name: 'epoch', nameGap: 28 }),
      yAxis: axis({ type: 'value', name: 'cosine to BP gradient', nameGap: 44, min: -1, max: 1 }),
      series: run.report.gradientAlignment.map(function (l) {
        return { name: l.layer, type: 'line', symbolSize: 4, data: l.points.map(function (p) { return [p.epoch, p.cosine]; }) };
      })
    });
  }

  // the learner's per-epoch diagnostics: the index-th name in the order ReportHtml lists them
  function diagnostic(run, index) {
    var byEpoch = run.report.run.config.diagnosticsByEpoch;
    var names = [];
    Object.keys(byEpoch).forEach(function (e) {
      Object.keys(byEpoch[e]).forEach(function (k) { if (names.indexOf(k) < 0) { names.push(k); } });
    });
    var name = names[index];
    var pts = Object.keys(byEpoch).filter(function (e) { return typeof byEpoch[e][name] === 'number'; })
      .map(function (e) { return [Number(e), byEpoch[e][name]]; });
    return base({
      title: { text: name, left: 'center', textStyle: { fontSize: 12, fontWeight: 'normal' } },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: function (v) { return fmt(v); } },
      xAxis: axis({ type: 'value', name: 'epoch', nameGap: 28, minInterval: 1 }),
      yAxis: axis({ type: 'value', scale: true }),
      series: [{ name: name, type: 'line', symbolSize: 5, data: pts }]
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  try {
    var data = JSON.parse(document.getElementById('nmsim-data').textContent);
    var runs = data.runs;
    var containers = document.querySelectorAll('div.chart');
    var charts = [];
    containers.forEach(function (el) {
      try {
        draw(el);
      } catch (e) {
        fail('#' + el.id + ': ' + (e && e.message ? e.message : e));
      }
    });
    function draw(el) {
      var kind = el.getAttribute('data-chart');
      var option;
      if (kind === 'accuracy') { option = accuracy(runs); }
      else if (kind === 'energy') { option = energy(runs); }
      else if (kind === 'utilisation') { option = heatmap(runs[0]); }
      else if (kind === 'raster') { option = raster(runs[0].report.rasters[Number(el.getAttribute('data-index'))]); }
      else if (kind === 'alignment') { option = alignment(runs[0]); }
      else if (kind === 'diagnostic') { option = diagnostic(runs[0], Number(el.getAttribute('data-index'))); }
      else { throw new Error('unknown chart kind ' + kind + ' in #' + el.id); }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option);
      charts.push(chart);
    }
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
    var missing = [];
    containers.forEach(function (el) { if (!el.querySelector('svg, canvas')) { missing.push(el.id); } });
    if (missing.length > 0) { fail('charts not rendered: ' + missing.join(', ')); }
    if (errors.length === 0) {
      root.setAttribute('data-nmsim-status', 'ok');
      root.setAttribute('data-nmsim-charts', String(containers.length));
    }
  } catch (e) {
    fail(e && e.stack ? e.stack.split('\n')[0] : e);
  }
})();
