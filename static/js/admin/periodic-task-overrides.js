/* Periodic task form: show the readable form of the chosen crontab under its field. */
"use strict";
{
  const script = document.currentScript;
  const $ = window.django.jQuery;
  const readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
  const originalHelp = script.dataset.crontabHelp || "";
  $(function () {
    $(".field-crontab_translation").hide();
    $(".field-crontab").on("change", function () {
      const help = $(".field-crontab .help").empty();
      help.append(document.createTextNode(originalHelp), document.createElement("br"),
        document.createTextNode("Translation: " + (readableCrontabs[$("#id_crontab").val()] || "")));
    });
  });
}
