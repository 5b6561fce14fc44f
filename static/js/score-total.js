/* The scorecard's running total: the sum of the points typed so far, updated as the evaluator types.
   The page already shows the total the server computed, so without this script it is right after each
   save; points outside a criterion's range count as nothing, as on the server. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-score-total]").forEach(function (form) {
    var output = document.getElementById("score-total");
    if (!output) { return; }
    var fields = form.querySelectorAll("input[type=number]");
    function update() {
      var total = 0;
      fields.forEach(function (field) {
        var value = field.value.trim();
        if (!/^\d+$/.test(value)) { return; }
        var points = parseInt(value, 10);
        var max = parseInt(field.getAttribute("max"), 10);
        if (points >= 0 && (isNaN(max) || points <= max)) { total += points; }
      });
      output.value = String(total);
    }
    fields.forEach(function (field) { field.addEventListener("input", update); });
  });
})();
