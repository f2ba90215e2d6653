// After a failed post, move the focus to the error summary so that keyboard and screen-reader
// users start from the list of errors (RGAA 11.10, 11.11). The summary also carries `autofocus`,
// which browsers honour without JavaScript; this covers the browsers that ignore it on a <div>.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-ints-error-summary]");
    if (summary && document.activeElement !== summary && !summary.contains(document.activeElement)) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
