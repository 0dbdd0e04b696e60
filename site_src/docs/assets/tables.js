/* Sorting of a table by a click on its heading: every `table.sortable` (and the project list) whose heading
   cells say `data-sort="num"` or `"text"` and whose cells carry `data-value`. The tables are complete and
   readable without this script; it only reorders rows. Self-hosted, no dependencies. */
(function () {
  "use strict";
  function sortable(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind || th.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].getAttribute("data-value") || "";
          var y = b.cells[index].getAttribute("data-value") || "";
          var c = kind === "num" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
})();
