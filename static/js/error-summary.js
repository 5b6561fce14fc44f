/* The error summary at the top of a form (#error-summary): when the page comes back with errors it takes
   the focus, so that the keyboard and a screen reader start there, and each of its links moves the focus
   to its field (a link to a fragment would only scroll), with the field's label in view. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var label = field.labels && field.labels.length ? field.labels[0] : null;
    if (label) { label.scrollIntoView(); }
    field.focus({preventScroll: Boolean(label)});
  });
})();
