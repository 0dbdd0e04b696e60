/* Filtering and sorting of the project list. The full table works without this script;
   the script only hides rows and reorders them. Self-hosted, no dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("project-filters");
  var table = document.getElementById("project-table");
  if (!form || !table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("filter-count");
  form.hidden = false;

  function apply() {
    var f = {
      category: form.elements.category.value,
      county: form.elements.county.value,
      unit: form.elements.unit.value,
      status: form.elements.status.value,
      q: form.elements.q.value.trim()
    };
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!f.category || row.dataset.category === f.category) &&
        (!f.county || row.dataset.county === f.county) &&
        (!f.unit || row.dataset.unit === f.unit) &&
        (!f.status || row.dataset.status === f.status) &&
        (!f.q || row.dataset.name.indexOf(f.q) !== -1);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, index) {
    var kind = th.getAttribute("data-sort");
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-value") || "";
        var y = b.cells[index].getAttribute("data-value") || "";
        var c = kind === "num" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
        return ascending ? c : -c;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
