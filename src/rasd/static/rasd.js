// Rasd: the only script of the dashboard. Clicking a figure opens the sentences that state it; clicking a
// figure of the brief (<a class="fig" data-evidence>) shows its evidence as plain text (never as HTML).
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
  const fig = ev.target.closest("a.fig[data-evidence]");
  if (fig) {
    ev.preventDefault();
    const box = document.getElementById("brief-evidence");
    if (!box) return;
    box.textContent = fig.dataset.evidence;
    box.hidden = false;
  }
});
