/* The site's search (the 搜索 page). The index is fetched on the first search only; a query finds every
   page holding each of its words anywhere, also inside longer words (公路 finds 高速公路), so Chinese needs
   no word segmentation. Results follow as the query is typed or pasted, and the query is kept in the
   address (?q=) so a search can be shared. Every value is written as text, never as markup. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var count = document.getElementById("search-count");
  if (!form || !input || !list || !count) { return; }
  var root = form.getAttribute("data-root") || "";
  var index = null;
  var pending = null;

  function load() {
    if (!pending) {
      pending = fetch(root + "search/index.json").then(function (r) { return r.json(); })
        .then(function (entries) { index = entries; return entries; });
    }
    return pending;
  }

  function snippet(text, word) {
    var at = text.indexOf(word);
    if (at < 0) { return text.slice(0, 80); }
    var start = Math.max(0, at - 30);
    return (start > 0 ? "…" : "") + text.slice(start, at + word.length + 50) + "…";
  }

  function render(query) {
    var words = query.split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { count.textContent = ""; return; }
    var found = [];
    index.forEach(function (e, order) {
      var all = e.t + " " + e.x;
      if (!words.every(function (w) { return all.indexOf(w) !== -1; })) { return; }
      var score = 0;
      words.forEach(function (w) { if (e.t.indexOf(w) !== -1) { score += 10; } score += all.split(w).length - 1; });
      found.push({ e: e, score: score, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    count.textContent = "找到 " + found.length + " 个页面";
    found.slice(0, 100).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + hit.e.u;
      link.textContent = hit.e.t;
      var kind = document.createElement("span");
      kind.className = "badge";
      kind.textContent = hit.e.k;
      var text = document.createElement("p");
      text.textContent = snippet(hit.e.x, words[0]);
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function search() {
    var query = input.value.trim();
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
    if (!query) { render(""); return; }
    count.textContent = "正在载入索引……";
    load().then(function () { render(input.value.trim()); })
      .catch(function () { count.textContent = "索引载入失败，请刷新页面重试。"; });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  input.addEventListener("input", search);  /* typing and pasting alike */
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; search(); }
  form.hidden = false;
  input.focus();
})();
