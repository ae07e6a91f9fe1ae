// medialit Highlighter front end (anywidget ESM, no build step).
// Article text only ever reaches the page through textContent, never innerHTML.
// Offsets in the model are code points (Python str offsets); the DOM speaks UTF-16.
// The article box's textContent is exactly the article's text (paragraph separators are
// text nodes between the blocks), so a W3C TextQuote/TextPosition selector computed on the
// plain text anchors unchanged here. Paragraph numbers come from CSS (::before), not the DOM.

const WORD = /[\p{L}\p{N}\p{M}’'_\-]/u;
const SPACE = /\s/u;
// a selection never starts with these (", apparently" becomes "apparently") nor ends with the last ones
const LEAD = /[\s,.;:!?)\]}–—\-]/u;
const TRAIL = /[\s,;:([{“‘«]/u;
const HELP =
  "Arrow keys move by word, Up and Down by line, Home and End to the line's ends, " +
  "Control with Up or Down (or Alt with Up or Down) to the previous or next sentence, Control with Home or End to the start or end. " +
  "Hold Shift to select. Then press a label's number key. Enter on a highlight opens its note; Delete removes it.";

let widgetCount = 0;

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

// Split [0, len) at every paragraph and mark boundary; each piece knows the marks covering it.
function pieces(len, paragraphs, marks) {
  const cuts = new Set([0, len]);
  for (const [s, e] of paragraphs) cuts.add(s).add(e);
  for (const m of marks) cuts.add(Math.max(0, Math.min(len, m.start))).add(Math.max(0, Math.min(len, m.end)));
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) out.push([points[k], points[k + 1]]);
  return out;
}

function render({ model, el: root }) {
  const uid = `medialit-${++widgetCount}-${Math.random().toString(36).slice(2, 7)}`;
  let idx = indexText(model.get("text"));
  let selected = null; // {start, end, label} of the selected highlight (survives a round trip)
  let caret = { anchor: 0, focus: 0 }; // keyboard caret and selection, in code points
  let goalX = null; // the x position Up/Down keep to
  let lastRange = null; // the latest mouse/keyboard selection inside the text, in code points
  let awaitingCheck = false; // focus the feedback heading when it arrives
  let focusAfterHints = false;
  let openNote = null; // id of the element whose note is open

  root.classList.add("medialit", "medialit-highlighter");
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // keys stay in the widget, not JupyterLab

  const toolbar = el("div", { class: "medialit-toolbar", role: "group", "aria-label": "Labels" });
  const help = el("details", { class: "medialit-help" });
  help.append(el("summary", {}, "Keys"), el("p", {}, HELP));
  const body = el("div", { class: "medialit-body" });
  const wrap = el("div", { class: "medialit-textwrap" });
  const textBox = el("div", {
    class: "medialit-article medialit-text",
    "data-medialit": "text",
    tabindex: "0",
    role: "document",
    "aria-label": `Article text. ${HELP}`,
  });
  const caretEl = el("div", { class: "medialit-caret", "aria-hidden": "true", hidden: true });
  const notePop = el("div", { class: "medialit-note-pop", id: `${uid}-pop`, "data-medialit": "note", hidden: true });
  const keyPop = el("div", { class: "medialit-note-pop", id: `${uid}-keypop`, "data-medialit": "key-note", hidden: true });
  const notes = el("div", { class: "medialit-notes", hidden: true }); // targets of aria-describedby
  wrap.append(textBox, caretEl, notePop, notes);
  const answerBox = el("div", { class: "medialit-answers", "data-medialit": "answers", hidden: true });
  const actions = el("div", { class: "medialit-actions", role: "group", "aria-label": "Your work" });
  const status = el("div", { class: "medialit-status", "data-medialit": "status", role: "status" });
  const announce = el("div", { class: "medialit-sr-only", "data-medialit": "announce", role: "status" });
  const feedback = el("div", { class: "medialit-feedback-area", "data-medialit": "feedback" });
  body.append(wrap, answerBox);
  root.replaceChildren(toolbar, help, body, actions, status, announce, feedback);

  // ---- offsets between the DOM and code points ---------------------------------
  function pointToCp(node, offset) {
    if (!textBox.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement.closest("[data-s]");
      if (seg && textBox.contains(seg)) return Number(seg.dataset.s) + cpCount(node.data.slice(0, offset));
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

  function cpToPoint(cp, box = textBox) {
    for (const seg of box.querySelectorAll("[data-s]")) {
      const s = Number(seg.dataset.s), e = Number(seg.dataset.e);
      if (cp >= s && cp <= e && !(cp === e && seg.dataset.gap !== undefined)) {
        let node = seg;
        while (node.firstChild) node = node.firstChild;
        return [node, idx.u16[cp] - idx.u16[s]];
      }
    }
    return null;
  }

  // where the caret at ``cp`` is drawn: inside a paragraph, never in the gap between two
  function caretRect(cp) {
    const paras = model.get("paragraphs");
    for (const [s, e] of paras) if (cp > e && cp < (paras.find(([s2]) => s2 > e) || [cp + 1])[0]) cp = e;
    const point = cpToPoint(cp);
    if (!point) return null;
    const r = document.createRange();
    r.setStart(point[0], point[1]);
    r.collapse(true);
    let rects = r.getClientRects();
    if (!rects.length && point[1] > 0) {
      r.setStart(point[0], point[1] - 1);
      r.setEnd(point[0], point[1]);
      const all = r.getClientRects();
      if (all.length) {
        const last = all[all.length - 1];
        return { left: last.right, right: last.right, top: last.top, bottom: last.bottom, height: last.height };
      }
    }
    return rects.length ? rects[0] : null;
  }

  function cpFromPoint(x, y) {
    const r = document.caretRangeFromPoint ? document.caretRangeFromPoint(x, y) : null;
    if (r) return pointToCp(r.startContainer, r.startOffset);
    const p = document.caretPositionFromPoint ? document.caretPositionFromPoint(x, y) : null;
    return p ? pointToCp(p.offsetNode, p.offset) : null;
  }

  function snapToWords(s, e) {
    const c = idx.chars;
    while (s > 0 && WORD.test(c[s - 1]) && WORD.test(c[s])) s--; // start inside a word: take it whole
    while (e < c.length && e > 0 && WORD.test(c[e]) && WORD.test(c[e - 1])) e++;
    let s2 = s, e2 = e;
    while (s2 < e2 && LEAD.test(c[s2])) s2++;
    while (e2 > s2 && TRAIL.test(c[e2 - 1])) e2--;
    if (e2 > s2) return [s2, e2];
    while (s < e && SPACE.test(c[s])) s++; // only punctuation (a dash): keep it, without spaces
    while (e > s && SPACE.test(c[e - 1])) e--;
    return [s, e];
  }

  function domSelection() {
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

  // ---- the caret -------------------------------------------------------------------
  function drawCaret(scroll = false) {
    const focused = document.activeElement === textBox;
    const rect = focused ? caretRect(caret.focus) : null;
    if (!rect) {
      caretEl.hidden = true;
      return;
    }
    const base = wrap.getBoundingClientRect();
    caretEl.hidden = false;
    caretEl.style.left = `${rect.left - base.left - 1}px`;
    caretEl.style.top = `${rect.top - base.top}px`;
    caretEl.style.height = `${Math.max(rect.height, 14)}px`;
    if (scroll) caretEl.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function showCaretSelection() {
    const sel = window.getSelection();
    if (!sel) return;
    const { anchor, focus } = caret;
    if (anchor === focus) {
      if (sel.rangeCount && textBox.contains(sel.anchorNode) && !sel.isCollapsed) sel.removeAllRanges();
      lastRange = null;
    } else {
      const a = cpToPoint(Math.min(anchor, focus)), b = cpToPoint(Math.max(anchor, focus));
      if (a && b) {
        const r = document.createRange();
        r.setStart(a[0], a[1]);
        r.setEnd(b[0], b[1]);
        sel.removeAllRanges();
        sel.addRange(r);
      }
      const [s, e] = snapToWords(Math.min(anchor, focus), Math.max(anchor, focus));
      lastRange = e > s ? [s, e] : null;
    }
  }

  function moveCaret(cp, extend) {
    cp = Math.max(0, Math.min(idx.chars.length, cp));
    caret = extend ? { anchor: caret.anchor, focus: cp } : { anchor: cp, focus: cp };
    if (selected !== null) {
      selected = null;
      closeNote();
      drawUser();
      textBox.focus();
    }
    showCaretSelection();
    drawCaret(true);
  }

  // ---- drawing ---------------------------------------------------------------------
  function labelInfo(id) {
    return model.get("labels").find((l) => l.id === id) || { id, name: id, css: "medialit-other" };
  }

  function quoteOf(m) {
    return idx.text.slice(idx.u16[m.start], idx.u16[m.end]);
  }

  // The article into ``box``: one <p> per paragraph (numbered by CSS), the separators as text nodes,
  // and one flat <mark> per piece covered by highlights (never nested controls). The shortest
  // covering highlight paints the piece; a second one adds its own underline lower down.
  function drawText(box, marks, opts) {
    const text = idx.text;
    const paras = model.get("paragraphs");
    const titleSpan = model.get("title_span");
    const frag = document.createDocumentFragment();
    const placed = [];
    let para = null;
    let pi = 0;
    for (const [a, b] of pieces(idx.chars.length, paras, marks)) {
      while (pi < paras.length && paras[pi][1] <= a) pi++;
      const inPara = pi < paras.length && paras[pi][0] <= a && b <= paras[pi][1];
      const chunk = text.slice(idx.u16[a], idx.u16[b]);
      if (!inPara) {
        para = null;
        const gap = el("span", { class: "medialit-gap", "data-s": a, "data-e": b, "data-gap": "" });
        gap.append(document.createTextNode(chunk));
        frag.append(gap);
        continue;
      }
      if (!para || para.dataset.ps !== String(paras[pi][0])) {
        const isTitle = titleSpan && titleSpan[0] === paras[pi][0];
        para = el(isTitle ? "h3" : "p", {
          // the headline is a heading, for screen readers too
          class: isTitle ? "medialit-title" : null,
          "data-n": pi + 1,
          "data-ps": paras[pi][0],
        });
        frag.append(para);
      }
      const covering = marks
        .map((m, i) => [m, i])
        .filter(([m]) => m.start < b && m.end > a)
        .sort(([x], [y]) => x.end - x.start - (y.end - y.start) || x.start - y.start);
      if (!covering.length) {
        para.append(el("span", { class: "medialit-seg", "data-s": a, "data-e": b }, chunk));
        continue;
      }
      const [m, i] = covering[0];
      const info = labelInfo(m.label);
      const mark = el("mark", {
        class: `medialit-hl ${info.css}`,
        "data-label": m.label,
        "data-index": i,
        "data-all": covering.map(([, j]) => j).join(" "),
        "data-s": a,
        "data-e": b,
      });
      let inner = mark;
      if (covering.length > 1) {
        const also = labelInfo(covering[1][0].label);
        inner = el("span", { class: `medialit-also medialit-also-${also.css.replace("medialit-", "")}`, "data-also": covering[1][0].label });
        mark.append(inner);
        mark.classList.add("medialit-overlap");
      }
      inner.append(document.createTextNode(chunk));
      placed.push([mark, covering.map(([, j]) => j)]);
      para.append(mark);
    }
    // each highlight's control is the first piece it paints (else the first piece it covers that
    // is nobody's control yet): named by its label, described by its note
    const control = new Map();
    for (const [mark, all] of placed) if (!control.has(all[0])) control.set(all[0], mark);
    const taken = new Set(control.values());
    for (const [mark, all] of placed) {
      for (const j of all) {
        if (!control.has(j) && !taken.has(mark)) {
          control.set(j, mark);
          taken.add(mark);
        }
      }
    }
    const noteNodes = [];
    for (const [i, mark] of control) {
      const m = marks[i];
      const info = labelInfo(m.label);
      const others = mark.dataset.all.split(" ").map(Number).filter((j) => j !== i).map((j) => labelInfo(marks[j].label).name);
      mark.dataset.control = String(i);
      mark.dataset.index = String(i);
      mark.setAttribute("role", "button");
      mark.setAttribute("tabindex", opts.tabbable ? "0" : "-1");
      const also = others.length ? `; inside also ${[...new Set(others)].join(", ")}` : "";
      mark.setAttribute("aria-label", `${quoteOf(m)} (${info.name}${also})`);
      const note = opts.noteOf ? opts.noteOf(m, i) : "";
      if (note) {
        const id = `${uid}-${opts.prefix}-note-${i}`;
        noteNodes.push(el("span", { id }, note));
        mark.setAttribute("aria-describedby", id);
        mark.setAttribute("aria-expanded", openNote === `${opts.prefix}-${i}` ? "true" : "false");
        mark.setAttribute("aria-controls", opts.prefix === "k" ? keyPop.id : notePop.id);
        mark.dataset.note = note;
      }
      if (opts.isSelected && opts.isSelected(m)) {
        mark.classList.add("medialit-selected");
        mark.setAttribute("aria-pressed", "true");
      }
    }
    box.replaceChildren(frag);
    return noteNodes;
  }

  function sameMark(a, b) {
    return a && b && a.start === b.start && a.end === b.end && a.label === b.label;
  }

  function selectedIndex() {
    if (!selected) return null;
    const marks = model.get("annotations");
    let i = marks.findIndex((m) => sameMark(m, selected));
    if (i < 0) i = marks.findIndex((m) => m.start === selected.start && m.end === selected.end);
    return i < 0 ? null : i;
  }

  // the note a student's own highlight carries: what Check said about it, when Check is current
  function userNote(m) {
    const fb = model.get("feedback") || {};
    if (!fb || fb.stale) return "";
    const hit = (list) => (list || []).find((f) => f.start === m.start && f.end === m.end && f.label === m.label);
    const f = hit(fb.found) || hit(fb.false_alarms);
    if (f) return f.message;
    const old = (fb.items || []).find((f) => f.kind !== "miss" && f.start === m.start && f.end === m.end && f.label === m.label);
    return old ? old.message : "";
  }

  let keyNotes = [];
  function drawUser() {
    const active = document.activeElement;
    const hadFocus = textBox.contains(active) && active !== textBox;
    const focusedControl = hadFocus ? active.dataset.control : undefined;
    const marks = model.get("annotations");
    const userNotes = drawText(textBox, marks, {
      prefix: "u",
      tabbable: true,
      noteOf: userNote,
      isSelected: (m) => sameMark(m, selected),
    });
    notes.replaceChildren(...userNotes, ...keyNotes);
    const i = selectedIndex();
    if (hadFocus) {
      // the control under focus was replaced: give focus to the same highlight, or to the text
      const target = (i !== null && textBox.querySelector(`mark[data-control="${i}"]`)) ||
        (focusedControl !== undefined && textBox.querySelector(`mark[data-control="${focusedControl}"]`));
      (target || textBox).focus({ preventScroll: true });
    }
    if (openNote && openNote.startsWith("u-")) {
      const m = textBox.querySelector(`mark[data-control="${openNote.slice(2)}"]`);
      if (m && m.dataset.note) placeNote(m);
      else closeNote();
    }
    updateButtons();
    drawCaret(false);
  }

  // ---- notes: a visible disclosure under the highlight ---------------------------------
  function placeNote(mark) {
    const inKey = answerBox.contains(mark);
    const pop = inKey ? keyPop : notePop; // each pane has its own, under its highlight
    (inKey ? notePop : keyPop).hidden = true;
    const base = (inKey ? answerBox : wrap).getBoundingClientRect();
    const r = mark.getBoundingClientRect();
    pop.replaceChildren(el("strong", {}, `${mark.getAttribute("aria-label")}: `), document.createTextNode(mark.dataset.note));
    pop.hidden = false;
    pop.style.top = `${r.bottom - base.top + 6}px`;
    pop.style.left = `${Math.max(0, Math.min(r.left - base.left, base.width - 320))}px`;
    mark.setAttribute("aria-expanded", "true");
  }

  function toggleNote(mark, prefix) {
    const id = `${prefix}-${mark.dataset.control}`;
    if (openNote === id) {
      closeNote();
      return;
    }
    closeNote();
    if (!mark.dataset.note) return;
    openNote = id;
    placeNote(mark);
  }

  function closeNote() {
    openNote = null;
    notePop.hidden = true;
    keyPop.hidden = true;
    for (const m of root.querySelectorAll('mark[aria-expanded="true"]')) m.setAttribute("aria-expanded", "false");
  }

  // ---- the buttons: built once, updated in place, so focus never falls off them -----------
  let buttons = {};
  function drawButtons() {
    const labels = model.get("labels");
    const labelButtons = labels.map((l, i) => {
      const b = el("button", {
        type: "button",
        class: "medialit-label-button",
        "data-label": l.id,
        "aria-keyshortcuts": String(i + 1),
      });
      b.append(el("kbd", {}, String(i + 1)), " ", el("span", { class: `medialit-swatch medialit-hl ${l.css}` }, l.name));
      b.addEventListener("click", () => applyLabel(l.id));
      return b;
    });
    const remove = el("button", { type: "button", "data-action": "remove", "aria-keyshortcuts": "Delete" }, "Remove");
    remove.addEventListener("click", () => {
      if (selectedIndex() === null) {
        status.textContent = "First choose a highlight (click it, or Tab to it), then press Remove.";
        return;
      }
      removeSelected(remove);
    });
    toolbar.replaceChildren(...labelButtons, el("span", { class: "medialit-sep", "aria-hidden": "true" }), remove);
    buttons = { remove };
    const extra = [];
    if (model.get("has_key") && (model.get("check_mode") || "full") !== "none") {
      const check = el("button", { type: "button", "data-action": "check" }, "Check");
      check.addEventListener("click", () => {
        awaitingCheck = true;
        model.set("check_count", model.get("check_count") + 1);
        model.save_changes();
      });
      extra.push(check);
    }
    if (model.get("reveal_allowed")) {
      const reveal = el("button", { type: "button", "data-action": "reveal", "aria-pressed": "false" }, "Show answers");
      reveal.addEventListener("click", () => {
        model.set("revealed", !model.get("revealed"));
        model.save_changes();
      });
      buttons.reveal = reveal;
      extra.push(reveal);
    }
    const download = el("button", { type: "button", "data-action": "download" }, "Download my work");
    download.addEventListener("click", downloadWork);
    extra.push(download);
    actions.replaceChildren(...extra);
    updateButtons();
  }

  function updateButtons() {
    if (buttons.remove) buttons.remove.setAttribute("aria-disabled", selectedIndex() === null ? "true" : "false");
    if (buttons.reveal) buttons.reveal.setAttribute("aria-pressed", model.get("revealed") ? "true" : "false");
  }

  function rebuildButtons() {
    // labels or the teacher's settings changed (rare): rebuild, and put focus back on the same button
    const active = document.activeElement;
    const key = root.contains(active) && active.tagName === "BUTTON" ? active.dataset.label || active.dataset.action : null;
    drawButtons();
    if (key) {
      const again = root.querySelector(`button[data-label="${key}"], button[data-action="${key}"]`);
      if (again) again.focus();
    }
  }

  // ---- answers -----------------------------------------------------------------------
  function drawAnswers() {
    const answers = model.get("answers");
    const shown = model.get("revealed") && answers.length > 0;
    answerBox.hidden = !shown;
    body.classList.toggle("medialit-side-by-side", shown);
    updateButtons();
    if (!shown) {
      keyNotes = [];
      answerBox.replaceChildren();
      notes.replaceChildren(...notes.querySelectorAll(`[id^="${uid}-u-"]`));
      if (openNote && openNote.startsWith("k-")) closeNote();
      return;
    }
    const keyText = el("div", { class: "medialit-article medialit-key-text", "data-medialit": "key-text" });
    const noteOf = (a) => `${a.note || ""}${a.correction ? ` Intended: ${a.correction}` : ""}`.trim();
    keyNotes = drawText(keyText, answers, { prefix: "k", tabbable: true, noteOf });
    notes.replaceChildren(...notes.querySelectorAll(`[id^="${uid}-u-"]`), ...keyNotes);
    const list = el("ol", { class: "medialit-key-list" });
    for (const a of answers) {
      const item = el("li", {});
      const info = labelInfo(a.label);
      // one problem under two labels ("He said": wrong pronoun and hidden speaker) names both
      const names = [info.name, ...(a.also || []).map((x) => labelInfo(x).name.toLowerCase())].join(" and ");
      item.append(el("mark", { class: `medialit-hl ${info.css}` }, a.quote), ` (${names}) ${a.note || ""}`);
      if (a.correction) item.append(el("div", { class: "medialit-correction" }, `Intended: ${a.correction}`));
      list.appendChild(item);
    }
    const h = el("h4", {}, "Answer key");
    answerBox.replaceChildren(h, keyText, keyPop, el("h4", {}, "What each answer means"), list);
  }

  // ---- feedback ----------------------------------------------------------------------
  function pct(x) {
    return `${Math.round(x * 100)}%`;
  }

  // the contract's shape; an older payload ({items: [...]}) is read into it
  function normalise(fb) {
    if (!fb || !fb.labels || !fb.items) return fb;
    const of = (kind) => fb.items.filter((f) => f.kind === kind);
    const misses = of("miss");
    const found = of("hit"), alarms = of("false-alarm");
    const expected = fb.labels.reduce((n, s) => n + s.expected, 0);
    return {
      ...fb,
      summary: `You found ${found.length} of ${expected}. ${alarms.length} false alarm${alarms.length === 1 ? "" : "s"}. ${Math.min(3, misses.length)} hints below.`,
      found,
      false_alarms: alarms,
      hints: misses.slice(0, 3),
      more_hints: Math.max(0, misses.length - 3),
    };
  }

  function where(f) {
    if (f.paragraph) return `paragraph ${f.paragraph}`;
    if (f.sentence !== undefined && f.sentence !== null) return `sentence ${f.sentence}`;
    return "";
  }

  function drawFeedback() {
    const fb = normalise(model.get("feedback") || {});
    drawUser(); // the highlights' notes follow the check
    if (fb.error) {
      feedback.replaceChildren(el("h4", { id: `${uid}-fbh`, tabindex: "-1" }, "Your check"), el("p", {}, fb.error));
      finishCheck(fb.error);
      return;
    }
    if (!fb.labels) {
      feedback.replaceChildren();
      return;
    }
    const heading = el("h4", { id: `${uid}-fbh`, tabindex: "-1", class: "medialit-feedback-heading" }, "Your check");
    const parts = [heading];
    if (fb.stale) parts.push(el("p", { class: "medialit-stale" }, "You changed your highlights since this check: press Check again."));
    if (fb.summary) parts.push(el("p", { class: "medialit-summary", "data-medialit": "summary" }, fb.summary));
    const table = el("table", { class: "medialit-table" });
    table.append(el("caption", { class: "medialit-sr-only" }, "Your results by label"));
    const head = el("tr");
    for (const h of ["Label", "Found", "False alarms", "Precision", "Recall"]) head.append(el("th", { scope: "col" }, h));
    table.append(head);
    for (const s of fb.labels) {
      const row = el("tr", { "data-label": s.label });
      row.append(el("th", { scope: "row" }, s.name));
      for (const v of [`${s.found} of ${s.expected}`, s.false_alarms, pct(s.precision), pct(s.recall)]) row.append(el("td", {}, String(v)));
      table.append(row);
    }
    parts.push(table);
    const section = (title, items, kind, text) => {
      if (!items || !items.length) return;
      const list = el("ul", { class: "medialit-feedback" });
      for (const f of items) list.append(el("li", { class: `medialit-${kind}`, "data-kind": kind, tabindex: kind === "hint" ? "-1" : null }, text(f)));
      parts.push(el("h5", {}, `${title} (${items.length})`), list);
    };
    section("What you found", fb.found, "found", (f) => f.message);
    section("False alarms", fb.false_alarms, "false-alarm", (f) => f.message);
    section("Hints", fb.hints, "hint", (f) => {
      const w = where(f);
      return w && !/\b(sentence|paragraph) \d/i.test(f.message) ? `${f.message} (${w})` : f.message;
    });
    if (fb.more_hints > 0) {
      const more = el("button", { type: "button", "data-action": "more-hints" }, `More hints (${fb.more_hints} left)`);
      more.addEventListener("click", () => {
        focusAfterHints = true;
        model.set("hints_wanted", (model.get("hints_wanted") || 3) + 3);
        model.save_changes();
      });
      parts.push(more);
    }
    const hadHints = feedback.querySelectorAll('[data-kind="hint"]').length;
    feedback.replaceChildren(...parts);
    if (focusAfterHints) {
      focusAfterHints = false;
      const hints = feedback.querySelectorAll('[data-kind="hint"]');
      (hints[hadHints] || feedback.querySelector('[data-action="more-hints"]') || heading).focus();
    }
    finishCheck(fb.summary || "");
  }

  function finishCheck(summary) {
    if (!awaitingCheck) return;
    awaitingCheck = false;
    const heading = feedback.querySelector("h4");
    if (heading) {
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    }
    announce.textContent = "";
    setTimeout(() => {
      announce.textContent = summary;
    }, 50);
  }

  // ---- actions ---------------------------------------------------------------------
  function setAnnotations(list) {
    model.set("annotations", list);
    model.save_changes();
    saveToBrowser();
  }

  function applyLabel(label) {
    const marks = model.get("annotations");
    const i = selectedIndex();
    if (i !== null) {
      const next = marks.slice();
      next[i] = { start: marks[i].start, end: marks[i].end, label };
      selected = next[i];
      setAnnotations(next);
      return;
    }
    const range = domSelection() || lastRange;
    if (!range) {
      status.textContent = "First select some words in the article, then choose a label.";
      return;
    }
    window.getSelection().removeAllRanges();
    lastRange = null;
    caret = { anchor: range[1], focus: range[1] }; // the caret stays where the student was
    if (marks.some((m) => m.start === range[0] && m.end === range[1] && m.label === label)) {
      status.textContent = "These words already have this label.";
      drawCaret(false);
      return;
    }
    setAnnotations([...marks, { start: range[0], end: range[1], label }]);
  }

  function removeSelected(keepFocus) {
    const marks = model.get("annotations");
    const i = selectedIndex();
    if (i === null) return;
    const gone = marks[i];
    selected = null;
    closeNote();
    caret = { anchor: gone.start, focus: gone.start };
    setAnnotations(marks.filter((_, j) => j !== i));
    (keepFocus || textBox).focus();
    drawCaret(true);
  }

  function selectMark(i, mark) {
    const m = model.get("annotations")[i];
    if (!m) return;
    selected = { start: m.start, end: m.end, label: m.label };
    caret = { anchor: m.end, focus: m.end };
    drawUser();
    const control = textBox.querySelector(`mark[data-control="${i}"]`) || mark;
    if (control) {
      control.focus();
      if (control.dataset.note && openNote !== `u-${i}`) toggleNote(control, "u");
    }
  }

  function downloadWork() {
    const data = {
      schema: "medialit.highlights/1",
      article_sha256: model.get("article_sha256"),
      title: model.get("title"),
      saved_at: new Date().toISOString(),
      annotations: model.get("annotations").map(({ start, end, label }) => ({ start, end, label, quote: quoteOf({ start, end }) })),
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

  // ---- the browser's storage (Voilà: many visitors, one server; each keeps their own marks) ----
  function storageKey() {
    return `medialit:${model.get("article_sha256")}${window.location.pathname}`;
  }

  function readStored() {
    try {
      const raw = window.localStorage.getItem(storageKey());
      const data = raw ? JSON.parse(raw) : null;
      return data && Array.isArray(data.annotations) ? data.annotations : [];
    } catch (err) {
      return [];
    }
  }

  function saveToBrowser() {
    if (model.get("storage") !== "browser") return;
    const mine = new Set(model.get("labels").map((l) => l.id));
    const others = readStored().filter((a) => !mine.has(a.label)); // another Highlighter's labels stay
    const annotations = [...others, ...model.get("annotations").map(({ start, end, label }) => ({ start, end, label, quote: quoteOf({ start, end }) }))];
    try {
      window.localStorage.setItem(
        storageKey(),
        JSON.stringify({ schema: "medialit.highlights/1", article_sha256: model.get("article_sha256"), saved_at: new Date().toISOString(), annotations }),
      );
    } catch (err) {
      status.textContent = `Your browser would not keep your work (${err.name}). Use Download my work.`;
    }
  }

  function restoreFromBrowser() {
    if (model.get("storage") !== "browser" || model.get("annotations").length) return;
    const mine = new Set(model.get("labels").map((l) => l.id));
    const n = idx.chars.length;
    const marks = readStored()
      .filter((a) => mine.has(a.label) && Number.isInteger(a.start) && Number.isInteger(a.end) && a.start >= 0 && a.start < a.end && a.end <= n)
      .filter((a) => a.quote === undefined || a.quote === quoteOf(a))
      .map(({ start, end, label }) => ({ start, end, label }));
    if (!marks.length) return;
    model.set("annotations", marks);
    model.save_changes();
    status.textContent = `Restored ${marks.length} highlights kept by this browser.`;
  }

  // ---- moving the caret ----------------------------------------------------------------
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

  function sentenceStarts() {
    const s = model.get("sentences");
    return (s && s.length ? s : model.get("paragraphs")).map(([a]) => a);
  }

  function byLine(cp, down) {
    const rect = caretRect(cp);
    if (!rect) return cp;
    if (goalX === null) goalX = rect.left;
    const step = Math.max(rect.height / 2, 6);
    for (let k = 1; k <= 12; k++) {
      const y = down ? rect.bottom + step * k - step / 2 : rect.top - step * k + step / 2;
      const found = cpFromPoint(goalX + 1, y);
      if (found === null) continue;
      const r2 = caretRect(found);
      if (found !== cp && r2 && Math.abs(r2.top - rect.top) > 2) return found;
    }
    return down ? idx.chars.length : 0;
  }

  function lineEnd(cp, end) {
    const rect = caretRect(cp);
    const point = cpToPoint(cp);
    if (!rect || !point) return cp;
    const p = point[0].parentElement.closest("[data-n]");
    const box = (p || textBox).getBoundingClientRect();
    const found = cpFromPoint(end ? box.right - 1 : box.left + 1, (rect.top + rect.bottom) / 2);
    return found === null ? cp : found;
  }

  function onMove(event) {
    const key = event.key;
    const ctrl = event.ctrlKey || event.metaKey;
    let target = null;
    const cp = caret.focus;
    if (key === "ArrowRight") target = nextWord(cp);
    else if (key === "ArrowLeft") target = prevWord(cp);
    else if ((key === "ArrowDown" || key === "ArrowUp") && (ctrl || event.altKey)) {
      const starts = sentenceStarts();
      if (key === "ArrowDown") target = starts.find((s) => s > cp) ?? idx.chars.length;
      else target = [...starts].reverse().find((s) => s < cp) ?? 0;
    } else if (key === "ArrowDown" || key === "ArrowUp") target = byLine(cp, key === "ArrowDown");
    else if (key === "Home") target = ctrl ? 0 : lineEnd(cp, false);
    else if (key === "End") target = ctrl ? idx.chars.length : lineEnd(cp, true);
    if (target === null) return false;
    event.preventDefault();
    if (key !== "ArrowDown" && key !== "ArrowUp") goalX = null;
    else if (ctrl || event.altKey) goalX = null;
    moveCaret(target, event.shiftKey);
    return true;
  }

  // ---- events ----------------------------------------------------------------------
  function onClick(event) {
    const mark = event.target.closest && event.target.closest("mark[data-index]");
    const sel = window.getSelection();
    if (mark && answerBox.contains(mark)) {
      const control = answerBox.querySelector(`mark[data-control="${mark.dataset.index}"]`) || mark;
      control.focus();
      toggleNote(control, "k");
      return;
    }
    if (!textBox.contains(event.target)) return;
    if (mark && (!sel || sel.isCollapsed)) {
      selectMark(Number(mark.dataset.index), mark);
    } else if (selected !== null) {
      selected = null;
      closeNote();
      drawUser();
    }
  }
  root.addEventListener("click", onClick);

  root.addEventListener("keydown", (event) => {
    const labels = model.get("labels");
    const n = Number(event.key);
    const inText = textBox.contains(event.target);
    if (event.target.closest && event.target.closest("summary, details")) {
      if (event.key !== "Escape") return;
    }
    if (Number.isInteger(n) && n >= 1 && n <= labels.length && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      applyLabel(labels[n - 1].id);
      return;
    }
    if ((event.key === "Delete" || event.key === "Backspace") && selectedIndex() !== null) {
      event.preventDefault();
      removeSelected(event.target.closest("button") || null);
      return;
    }
    if (event.key === "Escape") {
      if (openNote) {
        const which = openNote;
        closeNote();
        const box = which.startsWith("k-") ? answerBox : textBox;
        const m = box.querySelector(`mark[data-control="${which.slice(2)}"]`);
        if (m) m.focus();
        return;
      }
      selected = null;
      caret = { anchor: caret.focus, focus: caret.focus };
      window.getSelection().removeAllRanges();
      drawUser();
      textBox.focus();
      return;
    }
    const mark = event.target.closest && event.target.closest("mark[data-control]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      if (answerBox.contains(mark)) toggleNote(mark, "k");
      else if (sameMark(model.get("annotations")[Number(mark.dataset.control)], selected)) toggleNote(mark, "u");
      else selectMark(Number(mark.dataset.control), mark);
      return;
    }
    if (inText && onMove(event)) return;
  });

  textBox.addEventListener("focus", () => drawCaret(false));
  textBox.addEventListener("blur", () => {
    caretEl.hidden = true;
  });
  textBox.addEventListener("mousedown", () => {
    goalX = null;
  });
  // pressing a button must not drop the words the student selected
  const keepSelection = (event) => {
    if (event.target.closest("button")) event.preventDefault();
  };
  toolbar.addEventListener("mousedown", keepSelection);
  actions.addEventListener("mousedown", keepSelection);

  const onSelectionChange = () => {
    const sel = window.getSelection();
    if (!sel || !sel.anchorNode || !textBox.contains(sel.anchorNode)) return;
    const range = domSelection();
    const a = pointToCp(sel.anchorNode, sel.anchorOffset), f = pointToCp(sel.focusNode, sel.focusOffset);
    if (a === null || f === null) return;
    if (range) lastRange = range;
    else if (sel.isCollapsed) lastRange = null; // a click in the text: nothing selected
    caret = { anchor: a, focus: f }; // the keyboard goes on from where the mouse left the caret
    drawCaret(false);
  };
  document.addEventListener("selectionchange", onSelectionChange);

  const onAnnotations = () => {
    if (selected !== null && selectedIndex() === null) selected = null;
    drawUser();
    saveToBrowser();
  };
  const onText = () => {
    idx = indexText(model.get("text"));
    drawUser();
    drawAnswers();
  };
  const onStatus = () => {
    status.textContent = model.get("status");
  };
  const onResize = () => {
    drawCaret(false);
    if (openNote) {
      const box = openNote.startsWith("k-") ? answerBox : textBox;
      const m = box.querySelector(`mark[data-control="${openNote.slice(2)}"]`);
      if (m) placeNote(m);
    }
  };
  window.addEventListener("resize", onResize);

  const listeners = [
    ["change:annotations", onAnnotations],
    ["change:text", onText],
    ["change:paragraphs", onText],
    ["change:labels", () => { rebuildButtons(); drawUser(); }],
    ["change:has_key", rebuildButtons],
    ["change:check_mode", rebuildButtons],
    ["change:reveal_allowed", rebuildButtons],
    ["change:answers", drawAnswers],
    ["change:revealed", drawAnswers],
    ["change:feedback", drawFeedback],
    ["change:status", onStatus],
  ];
  for (const [event, handler] of listeners) model.on(event, handler);

  drawButtons();
  drawUser();
  drawAnswers();
  drawFeedback();
  onStatus();
  restoreFromBrowser();

  return () => {
    document.removeEventListener("selectionchange", onSelectionChange);
    window.removeEventListener("resize", onResize);
    for (const [event, handler] of listeners) model.off(event, handler);
  };
}

export default { render };
