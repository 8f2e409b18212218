// The console's queue: a "select all" box for the rows that can be decided (the page works without it).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("check-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll('#queue input[name="ids"]');
  if (boxes().length === 0) return;
  document.getElementById("check-all-row").hidden = false;
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
});
