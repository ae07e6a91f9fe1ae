// medialit Highlighter front end (anywidget ESM, no build step).
// Article text only ever reaches the page through textContent, never innerHTML.
// Offsets in the model are code points (Python str offsets); the DOM speaks UTF-16.

const WORD = /[\p{L}\p{N}\p{M}’'_\-]/u;
const SPACE = /\s/u;

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : String(v));
  }
  if (text !== null) node.textContent = text;
  return node;
}

// Code-point view of the text: chars[i] is code point i, u16[i] its UTF-16 offset.
function indexText(text) {
  const chars = Array.from(text);
  const u16 = new Array(chars.length + 1);
  let pos = 0;
  for (let i = 0; i < chars.length; i++) {
    u16[i] = pos;
    pos += chars[i].length;
  }
  u16[chars.length] = pos;
  return { text, chars, u16 };
}

function cpCount(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function render({ model, el: root }) {
  let idx = indexText(model.get("text"));
  let selected = null; // index of the selected highlight in model "annotations"
  let caret = null; // [anchor, focus] in code points, for keyboard selection
  let lastRange = null; // the latest selection inside the text, in code points

  root.classList.add("medialit", "medialit-highlighter");
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // keys stay in the widget, not JupyterLab

  const toolbar = el("div", { class: "medialit-toolbar", role: "toolbar", "aria-label": "Label the selected words" });
  const body = el("div", { class: "medialit-body" });
  const textBox = el("div", {
    class: "medialit-article medialit-text",
    "data-medialit": "text",
    tabindex: "0",
    role: "document",
    "aria-label": "Article text. Select words with the mouse or with Shift and the arrow keys, then press a label button or its number key.",
  });
  const answerBox = el("div", { class: "medialit-answers", "data-medialit": "answers", hidden: true });
  const status = el("div", { class: "medialit-status", "data-medialit": "status", role: "status", "aria-live": "polite" });
  const feedback = el("div", { class: "medialit-feedback-area", "data-medialit": "feedback", "aria-live": "polite" });
  body.append(textBox, answerBox);
  root.replaceChildren(toolbar, body, status, feedback);

  // ---- offsets between the DOM and code points ---------------------------------
  function pointToCp(node, offset) {
    if (!textBox.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement.closest("[data-s]");
      if (seg) return Number(seg.dataset.s) + cpCount(node.data.slice(0, offset));
    }
    // an element boundary: the first piece of text at or after it
    const segs = textBox.querySelectorAll("[data-s]");
    for (const seg of segs) {
      const r = document.createRange();
      r.selectNodeContents(seg);
      const where = r.comparePoint(node, offset);
      if (where < 0) return Number(seg.dataset.s);
      if (where === 0) return Number(seg.dataset.s) + (node === seg && offset > 0 ? cpCount(seg.textContent) : 0);
    }
    return segs.length ? Number(segs[segs.length - 1].dataset.e) : null;
  }

  function cpToPoint(cp) {
    const segs = textBox.querySelectorAll("[data-s]");
    for (const seg of segs) {
      const s = Number(seg.dataset.s), e = Number(seg.dataset.e);
      if (cp >= s && cp <= e) {
        const node = seg.firstChild || seg;
        return [node, idx.u16[cp] - idx.u16[s]];
      }
    }
    return null;
  }

  function snapToWords(s, e) {
    const c = idx.chars;
    while (s > 0 && WORD.test(c[s - 1]) && WORD.test(c[s])) s--; // start inside a word: take it whole
    while (e < c.length && e > 0 && WORD.test(c[e]) && WORD.test(c[e - 1])) e++;
    while (s < e && SPACE.test(c[s])) s++;
    while (e > s && SPACE.test(c[e - 1])) e--;
    return [s, e];
  }

  function currentSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    let s = pointToCp(range.startContainer, range.startOffset);
    let e = pointToCp(range.endContainer, range.endOffset);
    if (s === null || e === null) return null;
    if (s > e) [s, e] = [e, s];
    [s, e] = snapToWords(s, e);
    return e > s ? [s, e] : null;
  }

  function showSelection(a, f) {
    const start = cpToPoint(Math.min(a, f)), end = cpToPoint(Math.max(a, f));
    const sel = window.getSelection();
    if (!start || !end || !sel) return;
    sel.removeAllRanges();
    const r = document.createRange();
    r.setStart(start[0], start[1]);
    r.setEnd(end[0], end[1]);
    sel.addRange(r);
  }

  // ---- drawing ---------------------------------------------------------------------
  function labelInfo(id) {
    return model.get("labels").find((l) => l.id === id) || { id, name: id, css: "medialit-other" };
  }

  function drawText(box, marks, interactive) {
    const text = idx.text;
    const order = Object.fromEntries(model.get("labels").map((l, i) => [l.id, i]));
    const titleSpan = model.get("title_span");
    const seen = new Set();
    const frag = document.createDocumentFragment();
    for (const [ps, pe] of model.get("paragraphs")) {
      const p = el("p", { class: titleSpan && titleSpan[0] === ps ? "medialit-title" : null });
      const inside = marks.map((m, i) => [m, i]).filter(([m]) => m.start < pe && m.end > ps);
      const cuts = new Set([ps, pe]);
      for (const [m] of inside) {
        cuts.add(Math.max(m.start, ps));
        cuts.add(Math.min(m.end, pe));
      }
      const points = [...cuts].sort((a, b) => a - b);
      for (let k = 0; k + 1 < points.length; k++) {
        const a = points[k], b = points[k + 1];
        let node = el("span", { class: "medialit-seg", "data-s": a, "data-e": b }, text.slice(idx.u16[a], idx.u16[b]));
        const covering = inside
          .filter(([m]) => m.start < b && m.end > a)
          .sort(([x], [y]) => (order[y.label] ?? 99) - (order[x.label] ?? 99));
        for (const [m, i] of covering) {
          const info = labelInfo(m.label);
          const first = !seen.has(i);
          seen.add(i);
          const mark = el("mark", {
            class: `medialit-hl ${info.css}` + (interactive && selected === i ? " medialit-selected" : ""),
            "data-label": m.label,
            "data-index": i,
            "aria-label": `${info.name}: ${m.quote ?? text.slice(idx.u16[m.start], idx.u16[m.end])}`,
            title: m.note ? `${info.name}: ${m.note}${m.correction ? " → " + m.correction : ""}` : info.name,
            tabindex: interactive ? (first ? "0" : "-1") : null,
          });
          mark.appendChild(node);
          node = mark;
        }
        p.appendChild(node);
      }
      frag.appendChild(p);
    }
    box.replaceChildren(frag);
  }

  function drawToolbar() {
    const labels = model.get("labels");
    const buttons = labels.map((l, i) => {
      const b = el("button", {
        type: "button",
        class: "medialit-label-button",
        "data-label": l.id,
        "aria-label": `Mark as ${l.name} (key ${i + 1})`,
        title: `Select words, then press this button or the key ${i + 1}`,
      });
      b.append(el("kbd", {}, String(i + 1)), " ", el("mark", { class: `medialit-hl ${l.css}` }, l.name));
      b.addEventListener("click", () => applyLabel(l.id));
      return b;
    });
    const remove = el("button", { type: "button", "data-action": "remove", "aria-label": "Remove the selected highlight (Delete key)", disabled: selected === null }, "Remove");
    remove.addEventListener("click", removeSelected);
    const download = el("button", { type: "button", "data-action": "download", "aria-label": "Download my work as a file" }, "Download my work");
    download.addEventListener("click", downloadWork);
    const extra = [remove];
    if (model.get("has_key")) {
      const check = el("button", { type: "button", "data-action": "check", "aria-label": "Check my highlights against the answer key" }, "Check");
      check.addEventListener("click", () => {
        model.set("check_count", model.get("check_count") + 1);
        model.save_changes();
      });
      extra.push(check);
    }
    if (model.get("reveal_allowed")) {
      const shown = model.get("revealed");
      const reveal = el("button", { type: "button", "data-action": "reveal", "aria-pressed": shown ? "true" : "false", "aria-label": shown ? "Hide the answers" : "Show the answers beside my highlights" }, shown ? "Hide answers" : "Show answers");
      reveal.addEventListener("click", () => {
        model.set("revealed", !model.get("revealed"));
        model.save_changes();
      });
      extra.push(reveal);
    }
    extra.push(download);
    toolbar.replaceChildren(...buttons, el("span", { class: "medialit-sep", "aria-hidden": "true" }), ...extra);
  }

  function drawAnswers() {
    const answers = model.get("answers");
    const shown = model.get("revealed") && answers.length > 0;
    answerBox.hidden = !shown;
    body.classList.toggle("medialit-side-by-side", shown);
    if (!shown) {
      answerBox.replaceChildren();
      return;
    }
    const keyText = el("div", { class: "medialit-article medialit-key-text" });
    drawText(keyText, answers, false);
    const list = el("ol", { class: "medialit-key-list" });
    for (const a of answers) {
      const item = el("li", {});
      item.append(el("mark", { class: `medialit-hl ${labelInfo(a.label).css}` }, a.quote), ` (${labelInfo(a.label).name}) ${a.note}`);
      if (a.correction) item.append(el("div", { class: "medialit-correction" }, `Intended: ${a.correction}`));
      list.appendChild(item);
    }
    answerBox.replaceChildren(el("h4", {}, "Answer key"), keyText, el("h4", {}, "What each answer means"), list);
    textBox.setAttribute("aria-label", "Your highlights");
  }

  function pct(x) {
    return `${Math.round(x * 100)}%`;
  }

  function drawFeedback() {
    const fb = model.get("feedback") || {};
    if (fb.error) {
      feedback.replaceChildren(el("p", {}, fb.error));
      return;
    }
    if (!fb.labels) {
      feedback.replaceChildren();
      return;
    }
    const table = el("table", { class: "medialit-table" });
    const head = el("tr");
    for (const h of ["label", "found", "missed", "false alarms", "precision", "recall"]) head.append(el("th", {}, h));
    table.append(head);
    for (const s of fb.labels) {
      const row = el("tr", { "data-label": s.label });
      for (const v of [s.name, `${s.found} of ${s.expected}`, s.missed, s.false_alarms, pct(s.precision), pct(s.recall)]) row.append(el("td", {}, String(v)));
      table.append(row);
    }
    const parts = [el("h4", {}, "Your check")];
    if (fb.stale) parts.push(el("p", { class: "medialit-stale" }, "You changed your highlights since this check: press Check again."));
    parts.push(table);
    const names = { hit: "Found", miss: "Missed", "false-alarm": "False alarm" };
    for (const kind of ["miss", "false-alarm", "hit"]) {
      const items = fb.items.filter((f) => f.kind === kind);
      if (!items.length) continue;
      const list = el("ul", { class: "medialit-feedback" });
      for (const f of items) list.append(el("li", { class: `medialit-${kind}`, "data-kind": kind }, f.message));
      parts.push(el("h5", {}, `${names[kind]} (${items.length})`), list);
    }
    feedback.replaceChildren(...parts);
  }

  function redraw() {
    drawText(textBox, model.get("annotations"), true);
    drawToolbar();
  }

  // ---- actions ---------------------------------------------------------------------
  function setAnnotations(list) {
    model.set("annotations", list);
    model.save_changes();
  }

  function applyLabel(label) {
    const marks = model.get("annotations");
    if (selected !== null && marks[selected]) {
      const next = marks.slice();
      next[selected] = { start: marks[selected].start, end: marks[selected].end, label };
      setAnnotations(next);
      return;
    }
    const range = currentSelection() || lastRange;
    if (!range) {
      status.textContent = "First select some words in the article, then choose a label.";
      return;
    }
    window.getSelection().removeAllRanges();
    caret = null;
    lastRange = null;
    setAnnotations([...marks, { start: range[0], end: range[1], label }]);
  }

  function removeSelected() {
    const marks = model.get("annotations");
    if (selected === null || !marks[selected]) return;
    const next = marks.filter((_, i) => i !== selected);
    selected = null;
    setAnnotations(next);
    textBox.focus();
  }

  function select(i) {
    selected = i;
    redraw();
    const mark = textBox.querySelector(`mark[data-index="${i}"]`);
    if (mark) mark.focus();
  }

  function downloadWork() {
    const data = {
      schema: "medialit.highlights/1",
      article_sha256: model.get("article_sha256"),
      title: model.get("title"),
      saved_at: new Date().toISOString(),
      annotations: model.get("annotations").map(({ start, end, label }) => ({
        start, end, label, quote: idx.text.slice(idx.u16[start], idx.u16[end]),
      })),
    };
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    const a = el("a", { href: URL.createObjectURL(blob), download: "my-highlights.json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  function nextWord(cp) {
    const c = idx.chars;
    while (cp < c.length && !WORD.test(c[cp])) cp++;
    while (cp < c.length && WORD.test(c[cp])) cp++;
    return cp;
  }

  function prevWord(cp) {
    const c = idx.chars;
    while (cp > 0 && !WORD.test(c[cp - 1])) cp--;
    while (cp > 0 && WORD.test(c[cp - 1])) cp--;
    return cp;
  }

  // ---- events ----------------------------------------------------------------------
  textBox.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-index]");
    const sel = window.getSelection();
    if (mark && (!sel || sel.isCollapsed)) {
      select(Number(mark.dataset.index));
    } else if (selected !== null) {
      selected = null;
      redraw();
    }
  });

  root.addEventListener("keydown", (event) => {
    const labels = model.get("labels");
    const n = Number(event.key);
    if (Number.isInteger(n) && n >= 1 && n <= labels.length && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      applyLabel(labels[n - 1].id);
      return;
    }
    if ((event.key === "Delete" || event.key === "Backspace") && selected !== null) {
      event.preventDefault();
      removeSelected();
      return;
    }
    if (event.key === "Escape") {
      selected = null;
      caret = null;
      window.getSelection().removeAllRanges();
      redraw();
      textBox.focus();
      return;
    }
    const mark = event.target.closest && event.target.closest("mark[data-index]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(Number(mark.dataset.index));
      return;
    }
    if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && textBox.contains(event.target)) {
      event.preventDefault();
      if (!caret) {
        const range = currentSelection();
        const start = model.get("paragraphs").length ? model.get("paragraphs")[0][0] : 0;
        caret = range ? [range[0], range[1]] : [start, start];
      }
      const right = event.key === "ArrowRight";
      const focus = right ? nextWord(caret[1]) : prevWord(caret[1]);
      caret = event.shiftKey ? [caret[0], focus] : [focus, focus];
      if (selected !== null) {
        selected = null;
        redraw();
      }
      if (caret[0] === caret[1]) {
        const point = cpToPoint(caret[1]);
        const sel = window.getSelection();
        if (point && sel) sel.collapse(point[0], point[1]);
      } else {
        showSelection(caret[0], caret[1]);
      }
    }
  });

  textBox.addEventListener("mouseup", () => {
    caret = null; // a mouse selection replaces the keyboard one
  });
  // pressing a button must not drop the words the student selected
  toolbar.addEventListener("mousedown", (event) => {
    if (event.target.closest("button")) event.preventDefault();
  });
  const onSelectionChange = () => {
    const range = currentSelection();
    const sel = window.getSelection();
    if (range) lastRange = range;
    else if (sel && sel.anchorNode && textBox.contains(sel.anchorNode)) lastRange = null; // a click in the text: nothing selected
  };
  document.addEventListener("selectionchange", onSelectionChange);

  const onAnnotations = () => {
    const marks = model.get("annotations");
    if (selected !== null && selected >= marks.length) selected = null;
    redraw();
  };
  const onText = () => {
    idx = indexText(model.get("text"));
    redraw();
  };
  const onStatus = () => {
    status.textContent = model.get("status");
  };
  const onReveal = () => {
    drawToolbar();
    drawAnswers();
  };

  const listeners = [
    ["change:annotations", onAnnotations],
    ["change:text", onText],
    ["change:paragraphs", onText],
    ["change:labels", redraw],
    ["change:answers", drawAnswers],
    ["change:revealed", onReveal],
    ["change:feedback", drawFeedback],
    ["change:status", onStatus],
  ];
  for (const [event, handler] of listeners) model.on(event, handler);

  redraw();
  drawAnswers();
  drawFeedback();
  onStatus();

  return () => {
    document.removeEventListener("selectionchange", onSelectionChange);
    for (const [event, handler] of listeners) model.off(event, handler);
  };
}

export default { render };
