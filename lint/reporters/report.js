// scrapelint HTML report: popups for findings, filters by family and rule, #finding links.
// Document content is never re-parsed here: popups are built from cloned nodes and textContent only.
"use strict";
(function () {
  const pop = document.getElementById("pop");
  const popBody = pop.querySelector(".body");
  let selected = [];

  function clearSelection() {
    for (const el of selected) el.classList.remove("sel");
    selected = [];
  }

  function closePop() {
    pop.hidden = true;
    clearSelection();
  }

  function select(el) {
    el.classList.add("sel");
    selected.push(el);
  }

  function card(row) {
    const cells = row.cells;
    const box = document.createElement("div");
    box.className = "card " + Array.from(row.classList).filter((c) => c.startsWith("fam-")).join(" ");
    const head = document.createElement("div");
    head.className = "head";
    head.append(cells[1].cloneNode(true), " ", cells[2].cloneNode(true));
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = "line " + cells[0].textContent.replace(":", ", column ");
    head.append(" ", where);
    const message = document.createElement("div");
    message.className = "message";
    message.append(...Array.from(cells[3].childNodes, (n) => n.cloneNode(true)));
    box.append(head, message);
    if (cells[4].textContent) {
      const fix = document.createElement("div");
      fix.className = "fix";
      fix.append(...Array.from(cells[4].childNodes, (n) => n.cloneNode(true)));
      box.append(fix);
    }
    return box;
  }

  function openPop(mark) {
    clearSelection();
    popBody.replaceChildren();
    for (const id of (mark.dataset.f || "").split(" ")) {
      const row = document.getElementById(id);
      if (!row) continue;
      popBody.append(card(row));
      select(row);
      for (const m of document.querySelectorAll('mark[data-f~="' + id + '"]')) select(m);
    }
    pop.hidden = false;
    const r = mark.getBoundingClientRect();
    const width = pop.offsetWidth;
    pop.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
    pop.style.top = window.scrollY + r.bottom + 6 + "px";
  }

  function openFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!/^d[0-9]+f[0-9]+$/.test(id)) return;
    const mark = document.querySelector('mark[data-f~="' + id + '"]');
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    openPop(mark);
  }

  document.addEventListener("click", (event) => {
    const target = event.target;
    const mark = target.closest && target.closest("mark.m");
    if (mark) {
      openPop(mark);
      return;
    }
    const link = target.closest && target.closest("td.where a");
    if (link) {
      event.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      openFromHash();
      return;
    }
    if (!pop.contains(target) || target.closest(".close")) closePop();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePop();
    const mark = event.target.closest && event.target.closest("mark.m");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openPop(mark);
    }
  });

  // Filters: unticking a rule (or its whole family) hides its highlights and rows.
  const boxes = Array.from(document.querySelectorAll("table.rules input[data-code]"));
  function applyFilters() {
    const hidden = new Set(boxes.filter((b) => !b.checked).map((b) => b.dataset.code));
    for (const m of document.querySelectorAll("mark.m")) {
      m.classList.toggle("off", m.dataset.codes.split(" ").every((c) => hidden.has(c)));
    }
    for (const row of document.querySelectorAll("table.findings tr[data-code]")) {
      row.classList.toggle("off", hidden.has(row.dataset.code));
    }
  }
  for (const box of boxes) box.addEventListener("change", applyFilters);
  for (const fam of document.querySelectorAll("table.rules input[data-family]")) {
    fam.addEventListener("change", () => {
      for (const b of boxes) if (b.dataset.familyOf === fam.dataset.family) b.checked = fam.checked;
      applyFilters();
    });
  }

  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  document.documentElement.dataset.ready = "1";
})();
