/* A step of a call's own form: a question shown only when an earlier one has a given answer is hidden
   while it does not (the server ignores it then too), and a table question gets an "Add a row" button.
   Without this script every question of the page is shown and a table offers blank rows after each save. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-step-form]");
  if (!form) { return; }

  function answerOf(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox")) {
        if (input.checked) { values.push(input.value); }
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  // Each conditional question once, by the wrapper crispy-forms puts around a field (div_id_<name>).
  var conditional = [];
  form.querySelectorAll("[data-show-when]").forEach(function (element) {
    var name = element.getAttribute("name") || element.getAttribute("data-table-question");
    var wrapper = document.getElementById("div_id_" + name);
    if (wrapper && conditional.every(function (item) { return item.wrapper !== wrapper; })) {
      conditional.push({wrapper: wrapper, when: element.getAttribute("data-show-when"),
                        value: element.getAttribute("data-show-value")});
    }
  });
  function refresh() {
    // In form order, so a question hidden hides those that depend on it.
    conditional.forEach(function (item) {
      var controller = document.getElementById("div_id_" + item.when);
      var shown = answerOf(item.when).indexOf(item.value) !== -1 && !(controller && controller.hidden);
      item.wrapper.hidden = !shown;
    });
  }
  if (conditional.length) {
    form.addEventListener("change", refresh);
    refresh();
  }

  form.querySelectorAll("[data-table-question]").forEach(function (table) {
    var button = table.querySelector("[data-table-add]");
    var body = table.querySelector("[data-table-body]");
    var count = table.querySelector("[data-table-count]");
    var max = parseInt(table.getAttribute("data-max-rows"), 10);
    if (!button || !body || !count) { return; }
    function update() { button.hidden = body.rows.length >= max; }
    button.addEventListener("click", function () {
      var last = body.rows[body.rows.length - 1];
      var index = body.rows.length;
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        input.name = input.name.replace(/-\d+-([^-]+)$/, "-" + index + "-$1");
        input.id = input.id.replace(/-\d+-([^-]+)$/, "-" + index + "-$1");
      });
      row.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+-([^-]+)$/, "-" + index + "-$1");
        label.textContent = label.textContent.replace(/\d+/, String(index + 1));
      });
      row.querySelector("[data-row-number]").textContent = String(index + 1);
      body.appendChild(row);
      count.value = String(body.rows.length);
      row.querySelector("input").focus();
      update();
    });
    update();
  });
})();
