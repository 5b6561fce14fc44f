/* A step of the application: moving to another step through the progress list saves what was typed
   first, and leaving the page otherwise with unsaved changes asks for confirmation. Without this
   script the form still saves with its own buttons. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-step-form]");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  document.querySelectorAll("a[data-step]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      form.elements.goto.value = link.getAttribute("data-step");
      dirty = false;
      form.submit();
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
