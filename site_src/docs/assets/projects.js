/* Filtering of the project list. The full table works without this script; the script only hides rows.
   The filter lives in the address (?county=…&status=…), so a filtered list can be shared or bookmarked.
   A long list comes in pages (generator/site/views/projects.py); the filter then searches every project in
   the one file the form names (data-source), fetched the first time someone filters, and shows the matches
   in place of the page's rows. Sorting is tables.js's. Self-hosted, no dependencies. */
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

  var source = form.getAttribute("data-source");
  var root = form.getAttribute("data-root") || "";
  var pager = document.getElementById("project-pager");
  var body = table.tBodies[0];
  var all = null, waiting = null, LIMIT = 500;

  function matches(f, e) {  // e: [category, county, unit, status, name, row]
    return (!f.category || e[0] === f.category) && (!f.county || e[1] === f.county) &&
      (!f.unit || e[2] === f.unit) && (!f.status || e[3] === f.status) && (!f.q || e[4].indexOf(f.q) !== -1);
  }

  function paged(f, active) {
    if (!active) {
      body.replaceChildren.apply(body, rows);
      if (pager) pager.hidden = false;
      count.textContent = "本页 " + rows.length + " 个，共 " + form.getAttribute("data-total") + " 个项目";
      return;
    }
    if (all === null) {
      count.textContent = "正在读取全部项目……";
      if (waiting === null) {
        waiting = fetch(source).then(function (r) { return r.json(); }).then(function (d) { all = d; apply(); });
      }
      return;
    }
    var found = all.filter(function (e) { return matches(f, e); });
    body.innerHTML = found.slice(0, LIMIT).map(function (e) { return e[5].split("%ROOT%").join(root); }).join("");
    if (pager) pager.hidden = true;
    count.textContent = "找到 " + found.length + " 个项目" + (found.length > LIMIT ? "，显示前 " + LIMIT + " 个" : "");
  }

  function apply() {
    var f = {};
    fields.forEach(function (name) { f[name] = form.elements[name].value.trim(); });
    var active = fields.some(function (name) { return f[name]; });
    if (source) paged(f, active);
    var shown = 0;
    if (!source) rows.forEach(function (row) {
      var ok = (!f.category || row.dataset.category === f.category) &&
        (!f.county || row.dataset.county === f.county) &&
        (!f.unit || row.dataset.unit === f.unit) &&
        (!f.status || row.dataset.status === f.status) &&
        (!f.q || row.dataset.name.indexOf(f.q) !== -1);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    if (!source) count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
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
