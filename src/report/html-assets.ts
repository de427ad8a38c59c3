/**
 * The inline style and script of `report.html`. Both are pinned by hash in the page's
 * Content-Security-Policy. The script reads the results the page embeds as JSON (see pack.ts)
 * and builds drill-downs on demand with DOM calls only: every piece of text from a result goes
 * in through `textContent`, never as markup. It also runs the filters and keeps links working:
 * an anchor naming a case, a cell or a pair opens its drill-down.
 */

/** The page's style sheet. */
export const CSS = String.raw`
:root{--line:#c8c8c8;--muted:#555;--bg2:#f5f6f7}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff}
body>header{padding:.8rem 1.5rem .2rem;border-bottom:1px solid var(--line)}
a{color:#0b57a4}
a:focus-visible,button:focus-visible,input:focus-visible+span,summary:focus-visible,[tabindex="-1"]:focus-visible{outline:3px solid #1a4fd6;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem}
.skip:focus{left:.5rem;z-index:10}
.layout{display:grid;grid-template-columns:16rem minmax(0,1fr);gap:0 1.5rem}
#side{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:1rem .8rem;background:var(--bg2);border-right:1px solid var(--line);font-size:13px}
main{padding:1rem 1.5rem 4rem 0;min-width:0}
h1{font-size:1.55rem;margin:.2rem 0}
h2{font-size:1.25rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin:2.2rem 0 .6rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
#summary>h2{margin-top:.4rem}
.sub{color:var(--muted);margin:.2rem 0 1rem}
code,pre,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;background:var(--bg2);padding:.25rem .4rem;border-radius:3px}
table{border-collapse:collapse;margin:.4rem 0}
th,td{border:1px solid var(--line);padding:.2rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--bg2)}
caption{text-align:left;font-weight:600;padding:.2rem 0}
.num{text-align:right;font-variant-numeric:tabular-nums}
.headline{font-size:1.05rem;padding:.6rem .8rem;border-left:6px solid #2f9e50;background:#eef8f0;margin:.5rem 0}
.headline.bad{border-left-color:#d1242f;background:#fff0ee}
ul.counts{list-style:none;padding:0;display:flex;gap:.4rem;flex-wrap:wrap;margin:.4rem 0}
ul.counts li{padding:.2rem .6rem;border:1px solid var(--line);border-radius:3px}
.legend{color:var(--muted);font-size:13px}
.legend span{white-space:nowrap;margin-right:.9rem}
meter{width:5rem;margin-left:.3rem;vertical-align:middle}
.chips{display:flex;flex-wrap:wrap;gap:.2rem}
.chips code{background:var(--bg2);border:1px solid #ddd;padding:0 .25rem;border-radius:3px}
.zero{color:#888}
.alert{color:#8a1005;font-weight:700}
table.grid td{text-align:center;padding:0;min-width:2.6rem}
table.grid td a.cell{display:block;padding:.2rem .35rem;color:inherit;text-decoration:none;white-space:nowrap}
table.grid td a.cell small{margin-left:.25rem;font-size:.78em;font-weight:400}
table.grid td.none{color:#999;padding:.2rem .35rem}
table.grid th{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82em;white-space:nowrap}
table.grid td.corner{font-size:.75em;color:var(--muted);border:none;vertical-align:bottom}
table.grid.vertical thead th span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:12rem}
table.grid a.cell.selected{outline:3px solid #111;outline-offset:-3px}
.glyph{font-weight:700}
.v-pass{background:#d8f3dc;color:#0b4f1e}
.v-fail{background:#ffd3cc;color:#8a1005}
.v-accepted-invalid{background:#7a0010;color:#fff}
.v-error{background:#ffe3a3;color:#5f3d00}
.v-unsupported{background:#e9e9e9;color:#444}
.v-skipped{background:#f6f6f6;color:#666}
.v-undetected-tamper{background:#e4e8fb;color:#26326e}
.v-implicit-rejection{background:#e3f2e6;color:#0b4f1e}
.v-mismatch{background:#ffe0f0;color:#6d0a45}
.v-divergence{background:#ddf2ee;color:#0f4c45}
table.resolutions td,table.resolutions th{vertical-align:top}
table.resolutions code,table.intent-sides code{white-space:pre-wrap}
mark.open{background:#fff0a8;color:inherit;font-weight:700}
mark.differs{background:#ffd0e6;color:inherit;font-weight:700}
.group-head{margin:.9rem 0 .1rem;color:var(--muted);font-weight:600}
.ambiguity{border:1px solid var(--line);border-radius:4px;padding:.3rem .8rem .6rem;margin:.8rem 0}
.known{background-image:repeating-linear-gradient(135deg,transparent 0 5px,rgba(0,0,0,.09) 5px 8px)}
td.dim{opacity:.18}
.f-off{display:none!important}
.pair-card{border:1px solid var(--line);border-radius:4px;padding:.4rem .8rem .6rem;margin:.8rem 0}
.pair-card .facts{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}
.pair-card ul{margin:.3rem 0;padding-left:1.1rem}
.grids{display:flex;flex-wrap:wrap;gap:.3rem 1.6rem;align-items:flex-start}
figure{margin:0}
.pset{border-top:1px dashed #ddd;margin-top:.8rem}
.pset>h3{margin:.6rem 0 .2rem}
.drill{border:2px solid #555;border-radius:4px;padding:.5rem .8rem .8rem;margin:.6rem 0 1rem;background:#fcfcfd}
.drill-head{display:flex;justify-content:space-between;gap:1rem;align-items:flex-start}
.drill-head h4{margin:.2rem 0;font-size:1.05rem}
.drill-head button{font-size:1rem;padding:.1rem .6rem}
.drill .meta{color:var(--muted);margin:.2rem 0 .5rem}
table.params caption{font-weight:400;font-size:12px;color:var(--muted)}
table.sides th[scope="row"]{font-weight:400}
.drill table.grid th{font-family:inherit}
.drill table.grid td a{color:inherit;display:block;padding:.1rem .4rem;text-decoration:none}
.drill table.grid td a:hover,.drill table.grid td a:focus{text-decoration:underline}
details.case{border-left:5px solid var(--line);margin:.35rem 0;padding-left:.5rem}
details.case>summary{cursor:pointer;padding:.15rem .2rem}
details.case.b-pass{border-left-color:#2f9e50}details.case.b-fail{border-left-color:#d1242f}details.case.b-accepted-invalid{border-left-color:#7a0010}details.case.b-error{border-left-color:#bf8700}details.case.b-unsupported,details.case.b-skipped{border-left-color:#aaa}details.case.b-undetected-tamper{border-left-color:#5b6bbf}details.case.b-implicit-rejection{border-left-color:#2f9e50}details.case.b-divergence{border-left-color:#2a8f82}
dl.result{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem;margin:.4rem 0 .7rem}
dl.result dt{font-weight:600}
dl.result dd{margin:0}
table.sides td{max-width:34rem}
ul.why{padding-left:1.2rem}
ul.why li{margin:.3rem 0}
ol.issues{padding-left:1.6rem}
ol.issues>li{margin:.8rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:600}
.issue p{margin:.2rem 0}
.cells-list{font-size:13px;color:var(--muted)}
#side h2{font-size:1rem;margin:.2rem 0 .4rem;border:none}
#side fieldset{border:1px solid var(--line);margin:0 0 .5rem;padding:.2rem .4rem .4rem}
#side legend{font-weight:600;padding:0 .2rem}
#side label{display:inline-flex;align-items:center;gap:.2rem;margin:.1rem .5rem .1rem 0;white-space:nowrap}
#side .presets{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}
#side nav ul{padding-left:1rem;margin:.2rem 0}
#side nav li{margin:.15rem 0}
#side nav .sets a{font-size:12px}
#side nav details summary{font-size:12px;color:var(--muted);cursor:pointer}
table.scorecard th[scope="row"]{font-weight:400}
table.scorecard th[scope="row"] code{font-weight:700}
.lib{color:var(--muted)}
#filter-status{color:var(--muted);min-height:1.2em}
.wide{overflow-x:auto;max-width:100%}
table.conformance td{min-width:5.5rem}
table.conformance td small{font-weight:400}
tr.corpus-head th{background:var(--bg2);font-weight:600}
details.corpora-part{margin:.6rem 0}
details.corpora-part>summary{cursor:pointer}
details.corpora-part>summary h3{display:inline;margin:0}
table.findings td:last-child{max-width:24rem;overflow-wrap:anywhere}
table.inventory{width:100%;table-layout:fixed}
table.inventory td,table.inventory th{overflow-wrap:anywhere}
table.inventory col.w8{width:8%}table.inventory col.w11{width:11%}table.inventory col.w13{width:13%}table.inventory col.w17{width:17%}table.inventory col.w40{width:40%}
table.inventory ul.why{margin:0;padding-left:1rem}
.throughput-chart svg{max-width:100%;height:auto}
table.throughput caption{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
@media (max-width:900px){.layout{display:block}#side{position:static;max-height:none;border-right:none}main{padding:1rem}}
@media print{
  *{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  #side,.skip,.drill-head button{display:none}
  .layout{display:block}
  main,body>header{padding:0}
  table.grid,figure,.pair-card{break-inside:avoid}
}
`;

/** The page's script: decoding, indexes, drill-downs, links and filters. */
export const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('bothends-data').textContent);
  var meta = data.meta;
  var results = unpack(data.results);
  var byId = new Map(), byCell = new Map(), byPair = new Map();
  results.forEach(function (r) {
    byId.set(r.id, r);
    push(byCell, cellKey(r), r);
    push(byPair, pairKey(r), r);
  });

  // Grid cells by anchor: each link carries its anchor in its href.
  var cellLinks = new Map();
  document.querySelectorAll('a.cell').forEach(function (a) {
    try { cellLinks.set(decodeURIComponent(a.getAttribute('href').slice(1)), a); } catch (e) { /* not one of ours */ }
  });

  function unpack(p) {
    var names = new Map();
    function u(n) {
      if (n >= 0) return p.values[n];
      var node = p.nodes[-n - 1], tag = node[0], items = node.slice(1);
      if (tag === -1) return items.map(u);
      if (!names.has(tag)) names.set(tag, JSON.parse(p.values[tag]));
      var keys = names.get(tag), o = {};
      items.forEach(function (x, i) { o[keys[i]] = u(x); });
      return o;
    }
    return p.rows.map(function (row) {
      var r = {};
      p.keys.forEach(function (k, i) { if (row[i] !== null) r[k] = u(row[i]); });
      if (r.id.indexOf(meta.idMark) === 0) r.id = cellKey(r) + r.id.slice(meta.idMark.length);
      if (typeof r.replay === 'string') r.replay = r.replay.split(meta.idMark).join(r.id);
      return r;
    });
  }
  function push(map, key, value) {
    var list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(value);
  }
  function isVector(p) { return p.indexOf('vector:') === 0; }
  function cellKey(r) { return [r.standard, r.paramsId, r.kind, r.producer + '~' + r.consumer].join('/'); }
  function pairKey(r) { return r.standard + '/*/*/' + (isVector(r.producer) ? 'vector:*' : r.producer) + '~' + r.consumer; }
  function verdictOf(r) { return r.$verdict; }
  function glyphOf(r) { return meta.glyphs[verdictOf(r)] + (r.known ? meta.knownMark : ''); }
  function didRun(r) { return r.outcome !== 'unsupported' && r.outcome !== 'skipped'; }
  function shape(m) { return m.replace(/\b[0-9a-f]{6,}\b/gi, '#').replace(/\d+/g, '#'); }
  function fragment(anchor) {
    return '#' + anchor.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@\/?]/g, function (c) { return encodeURIComponent(c); });
  }
  function worst(list) {
    return list.slice().sort(function (a, b) { return meta.verdicts.indexOf(verdictOf(a)) - meta.verdicts.indexOf(verdictOf(b)); })[0];
  }
  function breakdown(list) {
    var counts = {}, known = 0;
    list.forEach(function (r) { counts[verdictOf(r)] = (counts[verdictOf(r)] || 0) + 1; if (r.known) known++; });
    var parts = meta.verdicts.filter(function (v) { return counts[v]; }).map(function (v) { return v + ' ' + counts[v]; });
    return parts.join(', ') + (known ? ' (' + known + ' known)' : '');
  }

  // Control characters and lone surrogates shown as \uXXXX, as the static page shows them.
  var INVISIBLE = new RegExp(meta.invisible, 'g');
  function visible(text) {
    return String(text).replace(INVISIBLE, function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4); });
  }
  function el(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = visible(v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(e, kid) {
    if (kid === undefined || kid === null || kid === false) return;
    if (Array.isArray(kid)) kid.forEach(function (k) { add(e, k); });
    else e.append(typeof kid === 'string' ? visible(kid) : kid);
  }
  function code(text) { return el('code', { text: text }); }
  function pre(text, cls) { return el('pre', { class: cls, text: text }); }
  function link(anchor, label) { return el('a', { href: fragment(anchor), 'data-nav': true }, label); }
  function webLink(url) { return /^https?:\/\//i.test(url) ? el('a', { href: url, rel: 'noreferrer', text: url }) : url; }
  function badge(r) { return el('span', { class: 'badge v-' + verdictOf(r) + (r.known ? ' known' : ''), text: glyphOf(r) }); }
  function adapterName(id) {
    var a = meta.adapters[id];
    return a ? [code(id), ' (' + a + ')'] : code(id);
  }
  function ms(n) { return n < 1000 ? (Math.round(n * 100) / 100) + ' ms' : (n / 1000).toFixed(2) + ' s'; }

  function resultBody(r) {
    var rows = [];
    function row(label, value) { rows.push(el('dt', { text: label }), el('dd', null, value)); }
    var outcome = r.failure ? r.outcome + ' (' + r.failure + ')' : r.outcome;
    row('outcome', [badge(r), ' ', outcome, r.$status ? ': ' + r.$status : '']);
    row('diagnosis', pre(r.message));
    if (r.known) row('known deviation', [r.known.reason, r.known.link ? [' ', webLink(r.known.link)] : null]);
    row('expected', [el('b', { text: r.expected }), ', because ' + r.expectedBecause]);
    if (r.stage) row('stage', r.stage);
    row('parameters', paramsTable(r.params, r.intent ? 'fixed by the intent; each side resolves the rest as called' : null));
    if (r.intent) intentRows(r, row);
    if (r.vector) {
      var v = r.vector;
      row('vector', [code(v.file), ' tcId ' + v.tcId + ': ' + v.source, v.comment ? [el('br'), v.comment] : null, v.flags && v.flags.length ? [el('br'), 'flags: ' + v.flags.join(', ')] : null]);
    }
    if (r.mutation) row('mutation', code(r.mutation));
    if (r.sides && r.sides.length) row('sides', sidesTable(r.sides));
    if (r.$bytesTrimmed) row('bytes', ['kept out of this page for passing cases; ', code("npx bothends explain '" + r.id + "'"), ' shows them']);
    row('duration', ms(r.durationMs));
    row('replay', [pre(r.replay, 'replay'), link(r.id, 'link to this case')]);
    return el('dl', { class: 'result' }, rows);
  }
  function paramsTable(params, caption) {
    var keys = Object.keys(params || {});
    if (!keys.length) return '(none)';
    return el('table', { class: 'params' }, el('caption', { text: caption || 'resolved, given to both sides' }), el('tbody', null, keys.map(function (k) {
      return el('tr', null, el('th', { scope: 'row', text: k }), el('td', { text: String(params[k]) }));
    })));
  }
  // An intent case: the sentence, both resolutions as called (differing parameters marked), for a
  // mismatch the parameters that differ, the confirmed fix and the text that leaves each open, and
  // for a divergence who did what on each input that allows either behaviour.
  function intentRows(r, row) {
    var i = r.intent, d = i.diagnosis, differs = d ? d.differs : [];
    function params(p) {
      return Object.keys(p).map(function (k) {
        var text = k + '=' + String(p[k]);
        return [differs.indexOf(k) >= 0 ? el('mark', { class: 'differs', text: text }) : code(text), ' '];
      });
    }
    var head = el('tr', null, ['side', 'adapter', 'call', 'parameters as called'].map(function (t) { return el('th', { scope: 'col', text: t }); }));
    var sides = [['producer', r.producer, i.producer], ['consumer', r.consumer, i.consumer]].map(function (s) {
      return el('tr', null, el('th', { scope: 'row', text: s[0] }), el('td', null, adapterName(s[1])), el('td', null, code(s[2].call)), el('td', null, params(s[2].params)));
    });
    row('intent', ['“' + i.sentence + '” ', code(i.id)]);
    row('as called', el('table', { class: 'intent-sides' }, el('thead', null, head), el('tbody', null, sides)));
    // A divergence: on each input that allows two behaviours, who did what.
    (i.divergence || []).forEach(function (v) {
      function did(b) { return b.behaviour + (b.detail ? ' (' + b.detail + ')' : ''); }
      row('diverges on', [el('b', { text: v.input }), el('ul', { class: 'divergence' }, [
        el('li', null, [adapterName(r.producer), ' (producer): ' + did(v.producer)]),
        el('li', null, [adapterName(r.consumer), ' (consumer): ' + did(v.consumer)])]), 'either allowed by ' + v.because]);
    });
    if (!d) return;
    row('differs in', el('ul', { class: 'differs' }, differs.map(function (k) {
      return el('li', null, el('b', { text: k }), ': ' + String(i.producer.params[k]) + ' (' + r.producer + ') vs ' + String(i.consumer.params[k]) + ' (' + r.consumer + ')');
    })));
    row('fix', d.fix ? code(d.fix) : 'none confirmed: no explicit call on either side made the pair work');
    row('left open by', el('ul', { class: 'because' }, Object.keys(d.because).map(function (k) { return el('li', null, el('b', { text: k }), ': ' + d.because[k]); })));
  }
  // 'key=00… iv=11…' one name per line.
  function byName(bytes) { return bytes.split(/ (?=[A-Za-z][\w-]*=)/).join('\n'); }
  function sidesTable(sides) {
    var head = el('tr', null, ['side', 'op', 'given (hex)', 'produced (hex)', 'said'].map(function (t) { return el('th', { scope: 'col', text: t }); }));
    return el('table', { class: 'sides' }, el('thead', null, head), el('tbody', null, sides.map(function (s) {
      return el('tr', null,
        el('th', { scope: 'row' }, adapterName(s.adapter)),
        el('td', { text: s.op || '' }),
        el('td', null, s.input ? pre(byName(s.input), 'hex') : ''),
        el('td', null, s.output ? pre(byName(s.output), 'hex') : ''),
        el('td', null, s.message ? pre(s.message) : ''));
    })));
  }

  function drillFrame(box, origin, titleParts, sub) {
    var heading = el('h4', { tabindex: '-1' }, titleParts);
    var close = el('button', { type: 'button', 'aria-label': 'Close these details', text: '×' });
    close.addEventListener('click', function () { closeDrill(box, true); });
    box.replaceChildren(el('div', { class: 'drill-head' }, heading, close), el('p', { class: 'meta' }, sub));
    box.hidden = false;
    box.originLink = origin;
    return heading;
  }
  function closeDrill(box, refocus) {
    box.hidden = true;
    box.replaceChildren();
    var origin = box.originLink;
    if (origin) {
      origin.classList.remove('selected');
      origin.removeAttribute('aria-expanded');
      if (refocus) origin.focus();
    }
    box.originLink = null;
  }
  function boxFor(origin) {
    var scope = origin.closest('[data-drill-scope]');
    var box = scope && scope.querySelector('.drill');
    if (box && box.originLink && box.originLink !== origin) closeDrill(box, false);
    return box;
  }
  function select(origin) {
    origin.classList.add('selected');
    origin.setAttribute('aria-expanded', 'true');
  }

  function openCell(key, resultId) {
    var origin = cellLinks.get(key), list = byCell.get(key);
    var box = origin && boxFor(origin);
    if (!box || !list) return console.error('bothends: no grid cell for ' + key);
    revealIfFiltered(origin);
    var w = worst(list), first = list[0];
    var heading = drillFrame(box, origin,
      [badge(w), ' ', code(first.producer), ' → ', code(first.consumer)],
      [first.standard + ' · ' + first.paramsId + ' · ' + meta.kinds[first.kind] + ' · ', breakdown(list), ' · ', link(key, 'link to this cell')]);
    list.forEach(function (r, i) {
      var open = r.id === resultId || list.length === 1 || (i === 0 && !resultId && r.outcome !== 'pass');
      var label = r.id.length > key.length ? r.id.slice(key.length + 1) : r.kind;
      var brief = r.message.length > 160 ? r.message.slice(0, 157) + '…' : r.message;
      var d = el('details', { class: 'case b-' + verdictOf(r), open: open },
        el('summary', null, badge(r), ' ', code(label), ': ' + brief), resultBody(r));
      d.dataset.id = r.id;
      box.append(d);
    });
    select(origin);
    var target = resultId && Array.prototype.find.call(box.querySelectorAll('details.case'), function (d) { return d.dataset.id === resultId; });
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.querySelector('summary').focus({ preventScroll: true });
    } else {
      box.scrollIntoView({ block: 'nearest' });
      heading.focus({ preventScroll: true });
    }
  }

  function openPair(key) {
    var origin = cellLinks.get(key), list = byPair.get(key);
    var box = origin && boxFor(origin);
    if (!box || !list) return console.error('bothends: no pair cell for ' + key);
    revealIfFiltered(origin);
    var w = worst(list), first = list[0];
    var sets = [], kinds = [], cells = new Map();
    list.forEach(function (r) {
      if (sets.indexOf(r.paramsId) < 0) sets.push(r.paramsId);
      if (kinds.indexOf(r.kind) < 0) kinds.push(r.kind);
      push(cells, r.paramsId + ' ' + r.kind, r);
    });
    var ran = sets.filter(function (s) { return list.some(function (r) { return r.paramsId === s && didRun(r); }); });
    var fine = ran.filter(function (s) { return list.every(function (r) { return r.paramsId !== s || !didRun(r) || r.$ok; }); });
    var producer = isVector(first.producer) ? 'known-answer vectors' : first.producer;
    var heading = drillFrame(box, origin,
      [badge(w), ' ', code(producer), ' → ', code(first.consumer), ' · ' + first.standard],
      [ran.length ? 'Passed in ' + fine.length + ' of ' + ran.length + ' parameter sets that ran. ' : 'Nothing ran. ', breakdown(list), ' · ', link(key, 'link to this pair')]);
    add(box, [whyList(list), pairTable(sets, kinds, cells)]);
    select(origin);
    box.scrollIntoView({ block: 'nearest' });
    heading.focus({ preventScroll: true });
  }
  function whyList(list) {
    var groups = new Map();
    list.forEach(function (r) {
      if (r.outcome === 'pass') return;
      var why = r.known ? r.known.reason : shape(r.message);
      push(groups, verdictOf(r) + ' ' + why, r);
    });
    if (!groups.size) return el('p', { text: 'Every case passed.' });
    var items = [];
    var ordered = Array.from(groups.values()).sort(function (a, b) {
      return meta.verdicts.indexOf(verdictOf(a[0])) - meta.verdicts.indexOf(verdictOf(b[0])) || b.length - a.length;
    });
    ordered.forEach(function (rs) {
      var r = rs[0], where = [];
      rs.forEach(function (x) { if (where.indexOf(x.paramsId) < 0) where.push(x.paramsId); });
      items.push(el('li', null, badge(r), ' ', el('b', { text: (r.failure ? r.outcome + ' (' + r.failure + ')' : r.outcome) + ' × ' + rs.length }),
        r.$status ? ' (' + r.$status + ')' : '', ': ', r.known ? r.known.reason : r.message,
        r.known && r.known.link ? [' ', webLink(r.known.link)] : null,
        el('br'), el('small', null, 'in ' + where.join(', ') + ' — e.g. ', link(r.id, r.id))));
    });
    return [el('h5', { text: 'Why' }), el('ul', { class: 'why' }, items)];
  }
  function pairTable(sets, kinds, cells) {
    var head = el('tr', null, el('th', { scope: 'col', text: 'parameter set' }), kinds.map(function (k) { return el('th', { scope: 'col', title: meta.kinds[k], text: meta.kindShort[k] }); }));
    var rows = sets.map(function (s) {
      return el('tr', null, el('th', { scope: 'row' }, code(s)), kinds.map(function (k) {
        var found = cells.get(s + ' ' + k);
        if (!found) return el('td', { class: 'none', text: meta.noCase });
        var w = worst(found), ranN = found.filter(didRun).length, okN = found.filter(function (r) { return didRun(r) && r.$ok; }).length;
        var label = glyphOf(w) + (found.length > 1 && ranN ? ' ' + okN + '/' + ranN : '');
        return el('td', { class: 'v-' + verdictOf(w) + (w.known ? ' known' : '') }, link(cellKey(w), label));
      }));
    });
    return [el('h5', { text: 'By parameter set and kind' }), el('table', { class: 'grid' }, el('thead', null, head), el('tbody', null, rows))];
  }

  function route() {
    var target;
    try { target = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!target) return;
    // A cell's anchor can equal its only case's id (a matrix cell): then it opens as a cell.
    if (byCell.has(target)) return openCell(target);
    var r = byId.get(target);
    if (r) return openCell(cellKey(r), r.id);
    if (byPair.has(target)) return openPair(target);
    var node = document.getElementById(target);
    if (node) {
      // A row inside a collapsed part (the corpora inventory) opens its parts first.
      for (var d = node.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) d.open = true;
      revealIfFiltered(node);
      node.scrollIntoView();
    }
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target instanceof Element ? ev.target.closest('a[href^="#"]') : null;
    if (!a || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var href = a.getAttribute('href');
    var target;
    try { target = decodeURIComponent(href.slice(1)); } catch (e) { return; }
    if (!byId.has(target) && !byCell.has(target) && !byPair.has(target)) return;
    ev.preventDefault();
    try { history.pushState(null, '', href); } catch (e) { location.hash = href; return; }
    route();
  });
  addEventListener('popstate', route);
  addEventListener('hashchange', route);
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    var box = ev.target instanceof Element ? ev.target.closest('.drill') : null;
    if (box && !box.hidden) closeDrill(box, true);
  });

  var form = document.getElementById('filters');
  var status = document.getElementById('filter-status');
  function checked(name) {
    return new Set(Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (i) { return i.checked; }).map(function (i) { return i.value; }));
  }
  function toggle(e, off) { e.classList.toggle('f-off', off); }
  function applyFilters() {
    var stds = checked('standard'), ads = checked('adapter'), vs = checked('verdict'), known = form.elements.known.checked;
    var everything = vs.size === meta.verdicts.length && known;
    document.querySelectorAll('[data-std]').forEach(function (e) { toggle(e, !stds.has(e.dataset.std)); });
    document.querySelectorAll('[data-a]').forEach(function (e) { toggle(e, !ads.has(e.dataset.a)); });
    function matches(tokens) {
      return everything || tokens.split(' ').some(function (t) { var p = t.split(':'); return vs.has(p[0]) && (known || p[1] !== 'k'); });
    }
    document.querySelectorAll('td[data-v]').forEach(function (td) { td.classList.toggle('dim', !matches(td.dataset.v)); });
    document.querySelectorAll('li[data-v]').forEach(function (li) { if (!li.classList.contains('f-off')) toggle(li, !matches(li.dataset.v)); });
    var shown = 0, total = 0;
    document.querySelectorAll('.grid-block, .pair-grid').forEach(function (g) {
      var live = Array.prototype.some.call(g.querySelectorAll('td[data-v]'), function (td) {
        return !td.classList.contains('dim') && !td.classList.contains('f-off') && !td.parentElement.classList.contains('f-off');
      });
      toggle(g, !live);
      total++;
      if (live && !g.closest('.std.f-off, .pair-card.f-off')) shown++;
    });
    document.querySelectorAll('.pset').forEach(function (s) { toggle(s, !s.querySelector('.grid-block:not(.f-off)')); });
    document.querySelectorAll('.std, .pair-card').forEach(function (s) {
      if (stds.has(s.dataset.std)) toggle(s, !s.querySelector('.grid-block:not(.f-off), .pair-grid:not(.f-off)'));
    });
    status.textContent = shown === total ? 'Showing all ' + total + ' grids.' : 'Showing ' + shown + ' of ' + total + ' grids.';
  }
  function setAll(name, on) { form.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { i.checked = on; }); }
  function resetFilters() { ['standard', 'adapter', 'verdict'].forEach(function (n) { setAll(n, true); }); form.elements.known.checked = true; applyFilters(); }
  function revealIfFiltered(node) { if (node.closest('.f-off') || node.closest('td.dim')) resetFilters(); }
  form.addEventListener('change', applyFilters);
  form.addEventListener('click', function (ev) {
    var b = ev.target instanceof Element ? ev.target.closest('button[data-preset]') : null;
    if (!b) return;
    var preset = b.dataset.preset;
    if (preset === 'all') return resetFilters();
    form.querySelectorAll('input[name="verdict"]').forEach(function (i) { i.checked = meta.problems.indexOf(i.value) >= 0; });
    form.elements.known.checked = preset === 'problems';
    applyFilters();
  });
  var opened = [];
  addEventListener('beforeprint', function () {
    opened = Array.prototype.filter.call(document.querySelectorAll('main details:not([open])'), function (d) { d.open = true; return true; });
  });
  addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  form.hidden = false;
  applyFilters();
  route();
})();
`;
