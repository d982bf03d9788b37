// Rasd: the only script of the dashboard. Clicking a figure opens the sentences that state it; clicking a
// figure of the brief (<a class="fig" data-figure>) opens the same sentences in the figures table, and its
// data-evidence, if any, as plain text (never as HTML).
"use strict";
document.addEventListener("click", (ev) => {
  const btn = ev.target.closest("button[data-ev]");
  if (btn) {
    const row = document.getElementById(btn.dataset.ev);
    if (!row) return;
    const open = row.hidden;
    row.hidden = !open;
    btn.setAttribute("aria-expanded", String(open));
    return;
  }
  const fig = ev.target.closest("a.fig");
  if (fig) {
    const box = document.getElementById("brief-evidence");
    if (box && fig.dataset.evidence) {
      box.textContent = fig.dataset.evidence;
      box.hidden = false;
    }
    const row = fig.dataset.figure && document.getElementById("ev-" + fig.dataset.figure + "-stated");
    if (row) {
      ev.preventDefault();
      row.hidden = false;
      const b = document.querySelector("button[data-ev='" + row.id + "']");
      if (b) b.setAttribute("aria-expanded", "true");
      row.scrollIntoView({block: "center"});
    }
  }
});
