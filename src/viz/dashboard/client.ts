// The dashboard page's script (plain browser JavaScript, inlined into the page as text so the
// served page needs no bundler and loads nothing else). It keeps every run from the event stream
// and redraws at most once a second with uPlot: per metric one chart per batch and one per epoch
// (training solid, validation dashed, a colour per run), epoch times, learning rate; then each
// run's summary and samples. No backticks or dollar-brace in here: it lives in a template string.
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var runs = [];
  var charts = {};
  var dirty = false;
  var changed = {}; // run id -> true: its section is rebuilt at the next draw ('*': every run)
  var sections = {};
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
      if (m.type === 'snapshot') { runs = m.runs; changed['*'] = true; }
      else if (m.type === 'run') { var old = byId(m.run.id); if (old) runs[runs.indexOf(old)] = m.run; else runs.push(m.run); changed[m.run.id] = true; }
      else if (m.type === 'update') {
        var r = byId(m.id);
        if (!r) return;
        changed[m.id] = true;
        r.batches.length = Math.min(r.batches.length, m.batchFrom); r.batches.push.apply(r.batches, m.batches);
        r.epochs.length = Math.min(r.epochs.length, m.epochFrom); r.epochs.push.apply(r.epochs, m.epochs);
        r.samples.length = Math.min(r.samples.length, m.sampleFrom); r.samples.push.apply(r.samples, m.samples);
        r.status = m.status; r.finishedAt = m.finishedAt;
      }
    });
    dirty = true;
  }

  // Each chart: a list of [x[], y[], label, colour, dashed] lines joined on x.
  function chartLines() {
    var out = {};
    function add(key, title, xLabel, line) { (out[key] = out[key] || { title: title, xLabel: xLabel, lines: [] }).lines.push(line); }
    runs.forEach(function (r, i) {
      var metrics = {};
      r.batches.forEach(function (b) { for (var k in b.logs) metrics[k] = true; });
      Object.keys(metrics).forEach(function (k) {
        var xs = [], ys = [];
        r.batches.forEach(function (b) { if (k in b.logs) { xs.push(b.step); ys.push(b.logs[k]); } });
        add('batch:' + k, k + ' per batch', 'batch', [xs, ys, r.name, color(i), false]);
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
    var xs = {};
    lines.forEach(function (l) { l[0].forEach(function (x) { xs[x] = true; }); });
    var x = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    var at = {};
    x.forEach(function (v, i) { at[v] = i; });
    var data = [x];
    lines.forEach(function (l) {
      var y = new Array(x.length).fill(null);
      l[0].forEach(function (v, i) { y[at[v]] = l[1][i]; });
      data.push(y);
    });
    return data;
  }

  function draw() {
    if (!dirty) return;
    dirty = false;
    var specs = chartLines();
    var box = document.getElementById('charts');
    var width = Math.max(320, Math.min(560, (box.clientWidth || 1100) / 2 - 24));
    Object.keys(charts).forEach(function (key) {
      if (!specs[key]) { charts[key].plot.destroy(); charts[key].div.remove(); delete charts[key]; }
    });
    Object.keys(specs).sort().forEach(function (key) {
      var spec = specs[key];
      var data = join(spec.lines);
      var signature = spec.lines.map(function (l) { return l[2]; }).join('|');
      var c = charts[key];
      if (c && c.signature !== signature) { c.plot.destroy(); c.div.remove(); delete charts[key]; c = null; }
      if (!c) {
        var div = el('div', { 'class': 'chart', 'data-chart': key });
        box.appendChild(div);
        var series = [{ label: spec.xLabel }].concat(spec.lines.map(function (l) {
          return { label: l[2], stroke: l[3], width: 1.5, dash: l[4] ? [6, 4] : undefined, spanGaps: true, points: { show: false } };
        }));
        var plot = new uPlot({ title: spec.title, width: width, height: 220, series: series, scales: { x: { time: false } }, axes: [{ label: spec.xLabel }, {}] }, data, div);
        c = charts[key] = { div: div, plot: plot, signature: signature };
      } else c.plot.setData(data);
      c.div.setAttribute('data-points', String(data[0].length));
    });
    drawRuns();
  }

  // Only the sections of runs that changed are rebuilt: a finished run's summary and samples stay
  // as they are while another run trains (the page shares the training machine's cores).
  function drawRuns() {
    var box = document.getElementById('runs');
    var keep = {};
    runs.forEach(function (r, i) {
      keep[r.id] = true;
      var have = sections[r.id];
      if (have && !changed['*'] && !changed[r.id] && have.getAttribute('data-index') === String(i)) { box.appendChild(have); return; }
      var section = el('section', { 'class': 'run', 'data-run': r.id, 'data-index': String(i) });
      var h = el('h2', {}, r.name + ' — ' + r.status);
      h.style.borderLeft = '6px solid ' + color(i);
      section.appendChild(h);
      var env = r.environment;
      var last = r.epochs[r.epochs.length - 1];
      var p = r.params || {};
      section.appendChild(el('p', { 'class': 'meta' }, env.kernels + ' kernels · ' + env.threads + ' thread' + (env.threads === 1 ? '' : 's') + ' · ' + env.runtime + ' · sunhwan ' + env.version +
        ' · epoch ' + r.epochs.length + '/' + (p.epochs || '?') + ' · ' + r.batches.length + ' batches'));
      if (last) {
        var t = el('table');
        var head = el('tr'), row = el('tr');
        Object.keys(last.logs).forEach(function (k) { head.appendChild(el('th', {}, k)); row.appendChild(el('td', {}, Number(last.logs[k]).toPrecision(5))); });
        t.appendChild(head); t.appendChild(row);
        section.appendChild(t);
      }
      var details = el('details');
      details.appendChild(el('summary', {}, 'model summary'));
      details.appendChild(el('pre', {}, r.summary));
      section.appendChild(details);
      r.samples.slice(-5).forEach(function (s) {
        section.appendChild(el('h3', {}, 'epoch ' + (s.epoch + 1) + ': ' + s.title));
        section.appendChild(el('pre', { 'class': 'sample' }, s.text));
      });
      if (have) box.replaceChild(section, have);
      box.appendChild(section);
      sections[r.id] = section;
    });
    Object.keys(sections).forEach(function (id) { if (!keep[id]) { sections[id].remove(); delete sections[id]; } });
    changed = {};
  }

  function connect() {
    var source = new EventSource('events');
    source.onopen = function () { status.textContent = 'live'; };
    source.onmessage = function (e) { apply(JSON.parse(e.data)); };
    source.onerror = function () { status.textContent = 'disconnected (training process ended?) — showing the last data'; };
  }
  setInterval(draw, 1000); // a browser on the training machine shares its cores: redraw at most once a second
  connect();
  window.sunhwanDashboard = { runs: function () { return runs; } };
})();
`;
