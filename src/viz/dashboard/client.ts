// The dashboard page's script (plain browser JavaScript, inlined into the page as text so the
// served page needs no bundler and loads nothing else). It keeps every run from the event stream
// and redraws at most every two seconds with uPlot: per metric one chart per batch and one per epoch
// (training solid, validation dashed, a colour per run), epoch times, learning rate; then each
// run's summary and samples. A browser on the training machine takes its cores from training, so a
// draw does only what changed: per-batch lines grow by the new batches, a new run adds series to
// the charts, a run's section updates in place, long series are thinned, a hidden tab draws nothing.
// No backticks or dollar-brace in here: it lives in a template string.
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  // Points drawn per line at most: a chart ~560 px wide shows no more. A longer per-batch series is
  // drawn as the means of equal runs of batches (a power of two each, so the buckets rarely move).
  var MAX_POINTS = 1024;
  var runs = [];
  var charts = {};
  var dirty = false;
  var changed = {}; // run id -> true: its section is brought up to date at the next draw ('*': every run)
  var sections = {};
  var batchLines = {}; // run id -> per-batch lines, extended with each update (not rebuilt)
  var reloaded = false; // a whole run arrived since the last draw: every chart takes its data again
  var status = document.getElementById('status');

  function byId(id) { for (var i = 0; i < runs.length; i++) if (runs[i].id === id) return runs[i]; return null; }
  function color(i) { return COLORS[i % COLORS.length]; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function apply(messages) {
    messages.forEach(function (m) {
      if (m.type === 'snapshot') { runs = m.runs; batchLines = {}; changed['*'] = true; reloaded = true; }
      else if (m.type === 'run') {
        var old = byId(m.run.id);
        if (old) runs[runs.indexOf(old)] = m.run; else runs.push(m.run);
        delete batchLines[m.run.id];
        changed[m.run.id] = true;
        reloaded = true;
      } else if (m.type === 'update') {
        var r = byId(m.id);
        if (!r) return;
        changed[m.id] = true;
        if (m.batchFrom < r.batches.length) { delete batchLines[m.id]; reloaded = true; }
        r.batches.length = Math.min(r.batches.length, m.batchFrom); r.batches.push.apply(r.batches, m.batches);
        r.epochs.length = Math.min(r.epochs.length, m.epochFrom); r.epochs.push.apply(r.epochs, m.epochs);
        r.samples.length = Math.min(r.samples.length, m.sampleFrom); r.samples.push.apply(r.samples, m.samples);
        r.status = m.status; r.finishedAt = m.finishedAt;
      }
    });
    dirty = true;
  }

  // A run's per-batch lines ({ metric: [steps, values] }), extended by the batches that arrived since.
  function batchLinesOf(r) {
    var c = batchLines[r.id];
    if (!c) c = batchLines[r.id] = { count: 0, names: [], lines: {} };
    for (var i = c.count; i < r.batches.length; i++) {
      var b = r.batches[i];
      for (var k in b.logs) {
        var line = c.lines[k];
        if (!line) { line = c.lines[k] = [[], []]; c.names.push(k); }
        line[0].push(b.step); line[1].push(b.logs[k]);
      }
    }
    c.count = r.batches.length;
    return c;
  }

  function thin(xs, ys) {
    var size = 1;
    while (xs.length / size > MAX_POINTS) size *= 2;
    if (size === 1) return [xs.slice(), ys.slice()];
    var tx = [], ty = [];
    for (var at = 0; at < xs.length; at += size) {
      var end = Math.min(at + size, xs.length), sum = 0;
      for (var i = at; i < end; i++) sum += ys[i];
      tx.push(xs[end - 1]); ty.push(sum / (end - at));
    }
    return [tx, ty];
  }

  // Each chart: a list of [x[], y[], label, colour, dashed] lines joined on x.
  function chartLines() {
    var out = {};
    function add(key, title, xLabel, line) { (out[key] = out[key] || { title: title, xLabel: xLabel, lines: [], points: 0 }).lines.push(line); }
    runs.forEach(function (r, i) {
      var batches = batchLinesOf(r);
      batches.names.forEach(function (k) {
        var line = batches.lines[k];
        var drawn = thin(line[0], line[1]);
        add('batch:' + k, k + ' per batch', 'batch', [drawn[0], drawn[1], r.name, color(i), false]);
        out['batch:' + k].points = Math.max(out['batch:' + k].points, line[0].length);
      });
      var epochMetrics = {};
      r.epochs.forEach(function (e) { for (var k in e.logs) if (k.indexOf('val_') !== 0 && k !== 'lr') epochMetrics[k] = true; });
      Object.keys(epochMetrics).forEach(function (k) {
        [[k, false], ['val_' + k, true]].forEach(function (p) {
          var xs = [], ys = [];
          r.epochs.forEach(function (e) { if (p[0] in e.logs) { xs.push(e.epoch + 1); ys.push(e.logs[p[0]]); } });
          if (xs.length) add('epoch:' + k, k + ' per epoch', 'epoch', [xs, ys, r.name + (p[1] ? ' validation' : ' training'), color(i), p[1]]);
        });
      });
      if (r.epochs.length) {
        add('time', 'seconds per epoch', 'epoch', [r.epochs.map(function (e) { return e.epoch + 1; }), r.epochs.map(function (e) { return e.seconds; }), r.name, color(i), false]);
        var lr = r.epochs.filter(function (e) { return e.learningRate !== null; });
        if (lr.length) add('lr', 'learning rate', 'epoch', [lr.map(function (e) { return e.epoch + 1; }), lr.map(function (e) { return e.learningRate; }), r.name, color(i), false]);
      }
    });
    return out;
  }

  // uPlot wants one shared, sorted x: merge the lines' x values, null where a line has none.
  function join(lines) {
    if (lines.length === 1) return [lines[0][0], lines[0][1]];
    var index = new Map();
    var x = [];
    lines.forEach(function (l) { l[0].forEach(function (v) { if (!index.has(v)) { index.set(v, 0); x.push(v); } }); });
    x.sort(function (a, b) { return a - b; });
    x.forEach(function (v, i) { index.set(v, i); });
    var data = [x];
    lines.forEach(function (l) {
      var y = new Array(x.length).fill(null);
      l[0].forEach(function (v, i) { y[index.get(v)] = l[1][i]; });
      data.push(y);
    });
    return data;
  }

  function seriesOf(line) {
    return { label: line[2], stroke: line[3], width: 1.5, dash: line[4] ? [6, 4] : undefined, spanGaps: true, points: { show: false } };
  }

  function draw() {
    // a hidden tab draws nothing (its data keeps arriving); it catches up when shown again
    if (!dirty || document.hidden) return;
    dirty = false;
    var specs = chartLines();
    var box = document.getElementById('charts');
    var width = Math.max(320, Math.min(560, (box.clientWidth || 1100) / 2 - 24));
    Object.keys(charts).forEach(function (key) {
      if (!specs[key]) { charts[key].plot.destroy(); charts[key].div.remove(); delete charts[key]; }
    });
    Object.keys(specs).sort().forEach(function (key) {
      var spec = specs[key];
      var labels = spec.lines.map(function (l) { return l[2]; });
      var lengths = spec.points + ':' + spec.lines.map(function (l) { return l[0].length; }).join(',');
      var c = charts[key];
      // records only grow, so a chart whose lines kept their lengths (the epoch charts between
      // epochs) has nothing new to draw
      if (c && !reloaded && c.lengths === lengths && c.labels.join('\n') === labels.join('\n')) return;
      var data = join(spec.lines);
      // a new run adds its lines to the charts as they are; any other change of lines rebuilds them
      if (c && (labels.length < c.labels.length || labels.slice(0, c.labels.length).join('\n') !== c.labels.join('\n'))) {
        c.plot.destroy(); c.div.remove(); delete charts[key]; c = null;
      }
      if (!c) {
        var div = el('div', { 'class': 'chart', 'data-chart': key });
        box.appendChild(div);
        var series = [{ label: spec.xLabel }].concat(spec.lines.map(seriesOf));
        var plot = new uPlot({ title: spec.title, width: width, height: 220, series: series, legend: { live: false }, scales: { x: { time: false } }, axes: [{ label: spec.xLabel }, {}] }, data, div);
        c = charts[key] = { div: div, plot: plot, labels: labels, lengths: lengths };
      } else {
        for (var i = c.labels.length; i < labels.length; i++) c.plot.addSeries(seriesOf(spec.lines[i]));
        c.labels = labels;
        c.lengths = lengths;
        c.plot.setData(data);
      }
      c.div.setAttribute('data-points', String(Math.max(spec.points, data[0].length)));
    });
    reloaded = false;
    drawRuns();
  }

  // A run's section is built once and then only its changing parts are updated in place: the page
  // shares the training machine's cores, and a summary or sample rebuilt per draw costs layout.
  function buildSection(r, i) {
    var section = el('section', { 'class': 'run', 'data-run': r.id, 'data-index': String(i) });
    var parts = { section: section, h2: el('h2'), meta: el('p', { 'class': 'meta' }), table: el('div'), samples: el('div'), epochs: -1, sampleCount: -1 };
    parts.h2.style.borderLeft = '6px solid ' + color(i);
    section.appendChild(parts.h2);
    section.appendChild(parts.meta);
    section.appendChild(parts.table);
    var details = el('details');
    details.appendChild(el('summary', {}, 'model summary'));
    details.appendChild(el('pre', {}, r.summary));
    section.appendChild(details);
    section.appendChild(parts.samples);
    return parts;
  }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  function updateSection(parts, r) {
    var env = r.environment;
    var p = r.params || {};
    setText(parts.h2, r.name + ' — ' + r.status);
    setText(parts.meta, env.kernels + ' kernels · ' + env.threads + ' thread' + (env.threads === 1 ? '' : 's') + ' · ' + env.runtime + ' · sunhwan ' + env.version +
      ' · epoch ' + r.epochs.length + '/' + (p.epochs || '?') + ' · ' + r.batches.length + ' batches');
    if (parts.epochs !== r.epochs.length) {
      parts.epochs = r.epochs.length;
      parts.table.textContent = '';
      var last = r.epochs[r.epochs.length - 1];
      if (last) {
        var t = el('table');
        var head = el('tr'), row = el('tr');
        Object.keys(last.logs).forEach(function (k) { head.appendChild(el('th', {}, k)); row.appendChild(el('td', {}, Number(last.logs[k]).toPrecision(5))); });
        t.appendChild(head); t.appendChild(row);
        parts.table.appendChild(t);
      }
    }
    if (parts.sampleCount !== r.samples.length) {
      parts.sampleCount = r.samples.length;
      parts.samples.textContent = '';
      r.samples.slice(-5).forEach(function (s) {
        parts.samples.appendChild(el('h3', {}, 'epoch ' + (s.epoch + 1) + ': ' + s.title));
        parts.samples.appendChild(el('pre', { 'class': 'sample' }, s.text));
      });
    }
  }

  function drawRuns() {
    var box = document.getElementById('runs');
    var keep = {};
    runs.forEach(function (r, i) {
      keep[r.id] = true;
      var have = sections[r.id];
      var rebuild = !have || changed['*'] || have.run !== r || have.section.getAttribute('data-index') !== String(i);
      if (!rebuild && !changed[r.id]) return;
      var parts = rebuild ? buildSection(r, i) : have;
      parts.run = r;
      updateSection(parts, r);
      if (rebuild) {
        if (have) box.replaceChild(parts.section, have.section); else box.appendChild(parts.section);
        sections[r.id] = parts;
      }
    });
    Object.keys(sections).forEach(function (id) { if (!keep[id]) { sections[id].section.remove(); delete sections[id]; } });
    runs.forEach(function (r, i) {
      var section = sections[r.id].section;
      if (box.children[i] !== section) box.insertBefore(section, box.children[i] || null);
    });
    changed = {};
  }

  function connect() {
    var source = new EventSource('events');
    source.onopen = function () { status.textContent = 'live'; };
    source.onmessage = function (e) {
      var first = !runs.length;
      apply(JSON.parse(e.data));
      if (first) draw(); // a page just opened shows what there is at once
    };
    source.onerror = function () { status.textContent = 'disconnected (training process ended?) — showing the last data'; };
  }
  setInterval(draw, 2000); // a browser on the training machine shares its cores: redraw at most every 2 s
  document.addEventListener('visibilitychange', draw);
  connect();
  window.sunhwanDashboard = {
    runs: function () { return runs; },
    // per chart: its series (x included) and the points drawn, for tests
    charts: function () {
      var out = {};
      Object.keys(charts).forEach(function (k) { out[k] = { series: charts[k].plot.series.length, drawn: charts[k].plot.data[0].length }; });
      return out;
    },
  };
})();
`;
