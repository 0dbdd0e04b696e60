/* Draws every chart of a page once plotly.js (loaded deferred, before this file) is there: each chart's
   figure is JSON in a <script type="application/json" data-chart-for="id"> block beside its container, so
   the page shows its content first and carries no chart code of its own. Plotly fits each chart to its
   container and redraws it when the window is resized (config.responsive). */
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart-for]');
  Array.prototype.forEach.call(blocks, function (block) {
    var box = document.getElementById(block.getAttribute("data-chart-for"));
    if (!box) { return; }
    var figure = JSON.parse(block.textContent);
    window.Plotly.newPlot(box, figure.data, figure.layout, figure.config);
  });
})();
