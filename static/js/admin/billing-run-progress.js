// The billing run's progress page: while the run is going, the page is fetched again every few seconds
// and its figures and failures are put in place; the status region announces the change to screen
// readers. "Stop updating" ends it (WCAG 2.2.2); without JavaScript the page is reloaded by hand.
(function () {
  "use strict";
  const status = document.querySelector("[data-run-progress]");
  const failures = document.querySelector("[data-run-failures]");
  const stop = document.querySelector("[data-run-progress-stop]");
  if (!status || !failures || !stop || status.dataset.finished === "true") {
    return;
  }
  let timer = null;

  function end() {
    window.clearInterval(timer);
    stop.hidden = true;
  }

  async function update() {
    let response;
    try {
      response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      return; // the network is away for a moment: try again at the next tick
    }
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const freshStatus = page.querySelector("[data-run-progress]");
    const freshFailures = page.querySelector("[data-run-failures]");
    if (!freshStatus || !freshFailures) {
      return;
    }
    status.innerHTML = freshStatus.innerHTML;
    failures.innerHTML = freshFailures.innerHTML;
    if (freshStatus.dataset.finished === "true") {
      status.dataset.finished = "true";
      end();
    }
  }

  stop.hidden = false;
  stop.addEventListener("click", end);
  timer = window.setInterval(update, Number(status.dataset.interval || 3000));
})();
