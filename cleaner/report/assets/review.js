// The review page: render the source with every edit and suspect marked, lazily by chunk of
// paragraphs (a chunk's DOM is built only when it comes near the viewport), navigate and decide
// with the keyboard, and export the decisions as decisions.json for `cleaner apply`.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("review-data").textContent);
  const SRC = D.text;
  const RULES = D.rules || {};
  const CHUNK = 3000; // characters per chunk, cut at a line end outside every mark
  const STORE = "cleaner-review:" + (D.source.sha256 || "") + ":" + (D.rules_hash || "");
  const $ = (id) => document.getElementById(id);

  // Items: edits (applied or suggested) and suspects, in source order.
  const items = [];
  for (const e of D.edits) {
    items.push({ kind: "edit", id: e.id, rule: e.rule, rules: e.rule.split("+"), stage: e.stage,
      safety: e.safety, applied: e.applied, start: e.start, end: e.end, before: e.before, after: e.after });
  }
  D.suspects.forEach((s, n) => {
    items.push({ kind: "suspect", id: "S" + String(n + 1).padStart(4, "0"), rule: s.rule, rules: [s.rule],
      stage: "suspects", safety: "flag", applied: false, start: s.start, end: s.end, before: s.text,
      after: null, reason: s.reason, candidates: s.candidates });
  });
  items.sort((a, b) => a.start - b.start || a.end - b.end || (a.kind === "suspect") - (b.kind === "suspect"));
  items.forEach((it, i) => { it.i = i; it.status = it.kind === "suspect" ? "suspect" : it.applied ? "applied" : "suggestion"; });

  // Decisions: edit id -> "accept" | "reject". Kept in localStorage across reloads, by rule and
  // source span (like decisions.json), since ids are only positions in one report.
  const spanKey = (it) => it.rule + "@" + it.start + "-" + it.end;
  const decisions = new Map();
  try {
    const saved = new Map(JSON.parse(localStorage.getItem(STORE) || "[]"));
    for (const it of items) if (it.kind === "edit" && saved.has(spanKey(it))) decisions.set(it.id, saved.get(spanKey(it)));
  } catch (e) { /* file:// pages may not have storage */ }
  const save = () => {
    try { localStorage.setItem(STORE, JSON.stringify(items.filter((it) => decisions.has(it.id)).map((it) => [spanKey(it), decisions.get(it.id)]))); }
    catch (e) { /* ignore */ }
  };

  // Chunks: [start, end) source ranges with the items that start inside them.
  const chunks = [];
  (function makeChunks() {
    const n = SRC.length;
    let s = 0, k = 0, maxEnd = 0;
    while (s < n || (chunks.length === 0)) {
      let p = Math.min(n, s + CHUNK);
      for (;;) {
        if (p >= n) { p = n; break; }
        const nl = SRC.indexOf("\n", p);
        p = nl < 0 || nl - s > 8 * CHUNK ? Math.max(p, Math.min(n, s + 8 * CHUNK)) : nl + 1;
        while (k < items.length && items[k].start < p) { maxEnd = Math.max(maxEnd, items[k].end); k++; }
        if (maxEnd <= p) break;
        p = maxEnd; // a mark crosses p: cut after it
      }
      while (k < items.length && items[k].start < p) { maxEnd = Math.max(maxEnd, items[k].end); k++; }
      chunks.push({ start: s, end: p, el: null, done: false });
      if (p >= n) break;
      s = p;
    }
    let c = 0;
    for (const it of items) {
      while (c < chunks.length - 1 && it.start >= chunks[c].end) c++;
      it.chunk = c;
    }
  })();

  // Filters.
  const STAGES = ["layout", "characters", "lexical", "suspects"];
  const SAFETIES = ["safe", "unsafe", "flag"];
  const STATUSES = ["applied", "suggestion", "suspect"];
  const ruleCodes = [...new Set(items.flatMap((it) => it.rules))].sort();
  const on = { rule: new Set(ruleCodes), stage: new Set(STAGES), safety: new Set(SAFETIES), status: new Set(STATUSES), sep: false };
  // An edit that only changes the line breaks between paragraphs (as cleaner.report.terminal.is_separator_edit):
  // one per line in a document laid out one paragraph per line, so hidden until asked for.
  for (const it of items) it.sep = it.kind === "edit" && !(it.before + it.after).trim() && (it.before + it.after).includes("\n");
  const visible = (it) => (on.sep || !it.sep) && it.rules.some((r) => on.rule.has(r)) && it.stage.split("+").some((s) => on.stage.has(s))
    && on.safety.has(it.safety) && on.status.has(it.status);
  let order = items.filter(visible); // what next/previous walk through
  let cur = -1; // index into items of the current change

  // Rendering.
  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ESC[c]);
  const WS = { "\n": "⏎", " ": "␣", "\t": "⇥", "\u3000": "□" };
  // Inside a mark, whitespace is made visible; a line break stays a line break.
  // (the mark is hidden in the final-text and source views, where the character itself shows).
  const escMark = (s) => esc(s).replace(/[\n \t\u3000]/g,
    (c) => '<i class="ws">' + WS[c] + "</i>" + (c === "\n" ? "\n" : '<span class="raw">' + c + "</span>"));
  const escFlat = (s) => esc(s).replace(/[\n \t\u3000]/g, (c) => '<i class="ws">' + WS[c] + "</i>"); // on one line
  const effective = (it) => it.kind === "edit" && (it.applied ? decisions.get(it.id) !== "reject" : decisions.get(it.id) === "accept");
  function classes(it) {
    const c = ["ed", "st-" + it.stage.split("+")[0], "sf-" + it.safety];
    c.push(it.kind === "suspect" ? "sus" : it.applied ? "applied" : "sug");
    const d = decisions.get(it.id);
    if (d) c.push("dec-" + d);
    if (effective(it)) c.push("eff");
    if (!visible(it)) c.push("off");
    if (it.i === cur) c.push("cur");
    return c.join(" ");
  }
  function markHTML(it, badge) {
    const attrs = ' data-i="' + it.i + '" data-id="' + it.id + '" tabindex="-1"';
    if (badge) {
      const label = it.kind === "suspect" ? "⚑" + it.rule : "?" + it.rule;
      return '<span class="' + classes(it) + ' badge" data-label="' + esc(label) + '"' + attrs + "></span>";
    }
    const ins = it.after === null ? "" : "<ins>" + escMark(it.after) + "</ins>";
    return '<span class="' + classes(it) + '"' + attrs + "><del>" + escMark(it.before) + "</del>" + ins + "</span>";
  }
  function render(c) {
    const ch = chunks[c];
    if (ch.done) return;
    const html = [];
    let pos = ch.start;
    for (let i = firstItem(c); i < items.length && items[i].chunk === c; i++) {
      const it = items[i];
      if (it.start < pos) {
        html.push(markHTML(it, true)); // overlaps a mark already drawn: a small badge instead
        continue;
      }
      html.push(esc(SRC.slice(pos, it.start)), markHTML(it, false));
      pos = it.end;
    }
    html.push(esc(SRC.slice(pos, ch.end)));
    ch.el.innerHTML = html.join("");
    ch.el.classList.remove("todo");
    ch.el.style.height = "";
    ch.done = true;
  }
  const firstIdx = [];
  function firstItem(c) { return firstIdx[c]; }
  (function indexChunks() {
    let i = 0;
    for (let c = 0; c < chunks.length; c++) {
      while (i < items.length && items[i].chunk < c) i++;
      firstIdx[c] = i;
    }
  })();
  const elOf = (it) => { render(it.chunk); return chunks[it.chunk].el.querySelector('[data-i="' + it.i + '"]'); };
  function refresh(it) { // re-class one item's element if it is on the page
    if (!chunks[it.chunk].done) return;
    const el = chunks[it.chunk].el.querySelector('[data-i="' + it.i + '"]');
    if (el) el.className = classes(it) + (el.classList.contains("badge") ? " badge" : "");
  }

  // The document: placeholders sized by an estimate, filled when near the viewport.
  const doc = $("doc");
  const frag = document.createDocumentFragment();
  for (const ch of chunks) {
    ch.el = document.createElement("div");
    ch.el.className = "chunk todo";
    frag.appendChild(ch.el);
  }
  doc.appendChild(frag);
  function estimateHeights() {
    const style = getComputedStyle(doc);
    const em = parseFloat(style.fontSize) || 17, lh = parseFloat(style.lineHeight) || em * 1.9;
    const perLine = Math.max(10, Math.floor((doc.clientWidth - 64) / em));
    for (const ch of chunks) {
      if (ch.done) continue;
      let lines = 0, p = ch.start;
      while (p < ch.end) {
        let nl = SRC.indexOf("\n", p);
        if (nl < 0 || nl >= ch.end) nl = ch.end;
        lines += Math.max(1, Math.ceil((nl - p) / perLine));
        p = nl + 1;
      }
      ch.el.style.height = Math.round(lines * lh) + "px";
    }
  }
  estimateHeights();
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) render(+e.target.dataset.c);
  }, { rootMargin: "1500px 0px" });
  chunks.forEach((ch, c) => { ch.el.dataset.c = c; io.observe(ch.el); });

  // Summary table and filters.
  function counts() {
    const per = {};
    for (const it of items) for (const r of it.rules) {
      per[r] = per[r] || { applied: 0, suggestion: 0, suspect: 0, stage: it.stage.split("+")[0], safety: it.safety };
      per[r][it.status]++;
    }
    return per;
  }
  const per = counts();
  const tbody = $("summary").tBodies[0];
  tbody.innerHTML = ruleCodes.map((r) => {
    const info = RULES[r] || {};
    const p = per[r];
    return '<tr data-rule="' + r + '"><td><input type="checkbox" checked aria-label="show ' + r + '"></td>'
      + '<td class="code" title="' + esc((info.name || "") + ": " + (info.description || "")) + '">' + r + "</td>"
      + "<td>" + esc(info.stage || p.stage) + "</td><td>" + esc(info.safety || p.safety) + "</td>"
      + '<td class="n">' + p.applied + '</td><td class="n">' + p.suggestion + '</td><td class="n">' + p.suspect + "</td></tr>";
  }).join("");
  function boxes(id, values, set) {
    $(id).innerHTML = values.map((v) => '<label><input type="checkbox" value="' + v + '" checked> ' + v + "</label>").join("");
    $(id).addEventListener("change", (e) => { e.target.checked ? set.add(e.target.value) : set.delete(e.target.value); refilter(); });
  }
  boxes("f-stage", STAGES, on.stage);
  boxes("f-safety", SAFETIES, on.safety);
  boxes("f-status", STATUSES, on.status);
  $("f-sep-n").textContent = String(items.filter((it) => it.sep).length);
  $("f-sep").addEventListener("change", (e) => { on.sep = e.target.checked; refilter(); });
  tbody.addEventListener("change", (e) => {
    const r = e.target.closest("tr").dataset.rule;
    e.target.checked ? on.rule.add(r) : on.rule.delete(r);
    refilter();
  });
  function setAllRules(v) {
    for (const tr of tbody.rows) { tr.querySelector("input").checked = v; v ? on.rule.add(tr.dataset.rule) : on.rule.delete(tr.dataset.rule); }
    refilter();
  }
  $("all-rules").onclick = () => setAllRules(true);
  $("no-rules").onclick = () => setAllRules(false);
  function refilter() {
    order = items.filter(visible);
    for (const tr of tbody.rows) tr.classList.toggle("off", !on.rule.has(tr.dataset.rule));
    for (const it of items) refresh(it);
    updateCounts();
  }

  // Header counts.
  function updateCounts() {
    let acc = 0, rej = 0;
    for (const d of decisions.values()) d === "accept" ? acc++ : rej++;
    const s = D.stats;
    const at = cur >= 0 ? order.indexOf(items[cur]) : -1;
    $("totals").textContent = s.edits + " applied · " + s.suggestions + " suggestions · " + s.suspects + " suspects";
    $("counts").textContent = "accepted " + acc + " · rejected " + rej
      + " · " + (at >= 0 ? "change " + (at + 1) + " of " + order.length : order.length + " changes shown");
  }

  // The tooltip: rule code, name and description, on hover or focus.
  const tip = $("tip");
  let tipFor = null; // the item whose tooltip is shown
  function showTip(it, el) {
    tipFor = it;
    const desc = it.rules.map((r) => "<b>" + r + "</b> " + esc((RULES[r] || {}).name || "") + "<br>" + esc((RULES[r] || {}).description || "")).join("<br>");
    const change = it.kind === "suspect"
      ? "suspect: " + esc(it.reason || "") + (it.candidates && it.candidates.length ? " · candidates: " + it.candidates.map((c) => "“" + esc(c) + "”").join(" ") : "")
      : '<span class="chg">“' + escFlat(it.before) + "” → “" + escFlat(it.after) + "”</span>";
    const d = decisions.get(it.id);
    tip.innerHTML = desc + "<br>" + change + '<br><span class="meta">' + it.id + " · " + esc(it.stage) + " · " + it.safety
      + " · " + it.status + (d ? " · " + d + "ed" : "") + " · source " + it.start + "–" + it.end + "</span>";
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(innerWidth - w - 4, r.left)) + "px";
    tip.style.top = (r.bottom + h + 8 < innerHeight ? r.bottom + 6 : Math.max(4, r.top - h - 6)) + "px";
  }
  doc.addEventListener("mouseover", (e) => { const el = e.target.closest(".ed"); if (el) showTip(items[+el.dataset.i], el); });
  doc.addEventListener("mouseout", (e) => { if (e.target.closest(".ed")) placeTip(cur >= 0 ? items[cur] : null); });
  doc.addEventListener("focusin", (e) => { const el = e.target.closest(".ed"); if (el) showTip(items[+el.dataset.i], el); });
  doc.addEventListener("click", (e) => { const el = e.target.closest(".ed"); if (el) go(+el.dataset.i, false); });
  // The tooltip follows its change when the page scrolls, and hides while the change is off screen.
  function placeTip(it) {
    const el = it ? elOf(it) : null;
    const r = el && el.getBoundingClientRect();
    if (!r || r.bottom < 0 || r.top > innerHeight) tip.hidden = true;
    else showTip(it, el);
  }
  addEventListener("scroll", () => { if (!tip.hidden) placeTip(tipFor); }, { passive: true });

  // Navigation and decisions.
  function go(i, scroll = true) {
    const prev = cur;
    cur = i;
    if (prev >= 0) refresh(items[prev]);
    const it = items[i];
    const el = elOf(it);
    refresh(it);
    if (scroll) el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    showTip(it, el);
    updateCounts();
  }
  function step(dir) {
    if (!order.length) return;
    let at;
    if (cur < 0) at = dir > 0 ? 0 : order.length - 1;
    else {
      // the next shown item after the current one in source order (the current may be filtered out)
      at = dir > 0 ? order.findIndex((it) => it.i > cur) : order.findLastIndex((it) => it.i < cur);
      if (at < 0) at = dir > 0 ? order.length - 1 : 0;
    }
    go(order[at].i);
  }
  function decide(verdict) {
    if (cur < 0) return;
    const it = items[cur];
    if (it.kind !== "edit") return flash("suspects change nothing: there is nothing to accept or reject");
    if (verdict) decisions.set(it.id, verdict); else decisions.delete(it.id);
    save();
    refresh(it);
    showTip(it, elOf(it));
    updateCounts();
  }
  function flash(msg) { $("counts").textContent = msg; setTimeout(updateCounts, 2500); }
  function exportDecisions() {
    const out = {
      decisions_version: 1,
      source: { path: D.source.path, sha256: D.source.sha256 },
      profile: D.profile, rules_hash: D.rules_hash,
      decisions: items.filter((it) => decisions.has(it.id)).map((it) => ({
        rule: it.rule, start: it.start, end: it.end, decision: decisions.get(it.id), id: it.id, before: it.before, after: it.after })),
    };
    const blob = new Blob([JSON.stringify(out, null, 1) + "\n"], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  const VIEWS = ["inline", "clean", "source"];
  function setView(v) {
    document.body.classList.remove(...VIEWS.map((x) => "v-" + x));
    document.body.classList.add("v-" + v);
    for (const r of document.querySelectorAll('input[name="view"]')) r.checked = r.value === v;
  }
  for (const r of document.querySelectorAll('input[name="view"]')) r.addEventListener("change", () => setView(r.value));
  $("next").onclick = () => step(1);
  $("prev").onclick = () => step(-1);
  $("accept").onclick = () => decide("accept");
  $("reject").onclick = () => decide("reject");
  $("export").onclick = exportDecisions;
  $("help-btn").onclick = () => { $("help").hidden = !$("help").hidden; };
  addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches("input[type=text], textarea, select")) return;
    const act = {
      n: () => step(1), j: () => step(1), p: () => step(-1), k: () => step(-1),
      a: () => decide("accept"), r: () => decide("reject"), u: () => decide(null),
      e: exportDecisions, v: () => setView(VIEWS[(VIEWS.findIndex((x) => document.body.classList.contains("v-" + x)) + 1) % 3]),
      "?": () => { $("help").hidden = !$("help").hidden; }, Escape: () => { $("help").hidden = true; tip.hidden = true; },
    }[e.key];
    if (act) { e.preventDefault(); act(); }
  });

  $("about").innerHTML = "source: " + esc(D.source.path || "stdin") + " (" + D.source.chars + " characters, " + esc(D.source.encoding)
    + ")<br>profile: " + esc(D.profile) + " · cleaner " + esc(D.cleaner) + "<br>sha256: " + esc((D.source.sha256 || "").slice(0, 16)) + "…";
  updateCounts();
  const barHeight = () => document.documentElement.style.setProperty("--bar", $("bar").offsetHeight + "px");
  barHeight();
  addEventListener("resize", barHeight);
  // For tests and scripts: a read-only view of the state, and a ready mark.
  window.cleanerReview = { items, chunks, decisions, order: () => order, current: () => (cur >= 0 ? items[cur] : null),
    renderAll: () => chunks.forEach((_, c) => render(c)) };
  addEventListener("beforeprint", () => window.cleanerReview.renderAll()); // print the whole document
  requestAnimationFrame(() => { document.body.dataset.ready = "1"; window.cleanerReadyAt = performance.now(); });
})();
