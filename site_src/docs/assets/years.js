/* The year switcher of an archived year. A closed year's site is kept under <deployment>/<year>/ exactly as
   it was built on its closing day, so its pages cannot name the years that came after. When this page's
   site root is such a folder, the deployment root's years.json lists every year (and where each project
   continues); the switcher and a continuing project's page are completed from it. Without this script the
   page still names its own year. Self-hosted, no dependencies. */
(function () {
  "use strict";
  var nav = document.querySelector("nav.year-switch");
  if (!nav || !window.fetch || !window.URL) return;
  var year = nav.getAttribute("data-year");
  var root = new URL((nav.getAttribute("data-root") || ".") + "/", window.location.href);
  if (!year || root.pathname.slice(-(year.length + 2)) !== "/" + year + "/") return;
  var top = new URL("../", root);

  function label(entry) {
    return entry.year + "年度" + (entry.title ? "（" + entry.title + "）" : "");
  }

  function complete(doc) {
    var years = (doc && doc.years) || [];
    var mine = null;
    years.forEach(function (entry) { if (String(entry.year) === year && !entry.current) mine = entry; });
    if (!mine) return;  // the folder above is not the deployment root of this archive
    while (nav.childNodes.length > 1) nav.removeChild(nav.lastChild);
    years.forEach(function (entry, i) {
      var item;
      if (String(entry.year) === year) {
        item = document.createElement("strong");
        item.setAttribute("aria-current", "true");
      } else {
        item = document.createElement("a");
        item.href = new URL(entry.path, top).href;
      }
      item.textContent = label(entry);
      nav.appendChild(item);
      if (i < years.length - 1) nav.appendChild(document.createTextNode(" · "));
    });
    var page = document.querySelector("[data-project]");
    var next = page && doc.continued ? doc.continued[page.getAttribute("data-project")] : null;
    var heading = page ? page.querySelector("h1") : null;
    if (next && heading) {
      var note = document.createElement("p");
      note.className = "years-next";
      note.appendChild(document.createTextNode("本项目在 " + next.year + " 年度继续列入督查："));
      var link = document.createElement("a");
      link.href = new URL(next.path, top).href;
      link.textContent = next.id;
      note.appendChild(link);
      heading.parentNode.insertBefore(note, heading.nextSibling);
    }
  }

  fetch(new URL("years.json", top).href, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(complete)
    .catch(function () { /* no deployment root above: the page names its own year */ });
})();
