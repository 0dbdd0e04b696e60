/* Filtering of the project list. The full table works without this script; the script only hides rows.
   The filter lives in the address (?county=…&status=…), so a filtered list can be shared or bookmarked.
   Sorting is tables.js's. Self-hosted, no dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("project-filters");
  var table = document.getElementById("project-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("filter-count");
  var fields = ["category", "county", "unit", "status", "q"];
  form.hidden = false;

  // the address's filter, where it names a value the form offers
  var given = new URLSearchParams(window.location.search);
  fields.forEach(function (name) {
    var value = given.get(name);
    if (value === null) return;
    var element = form.elements[name];
    if (element.tagName === "SELECT" &&
        !Array.prototype.some.call(element.options, function (o) { return o.value === value; })) return;
    element.value = value;
  });

  function apply() {
    var f = {};
    fields.forEach(function (name) { f[name] = form.elements[name].value.trim(); });
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
    var params = new URLSearchParams();
    fields.forEach(function (name) { if (f[name]) params.set(name, f[name]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
      window.location.hash);
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
