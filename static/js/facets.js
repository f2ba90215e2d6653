/* Progressive enhancement of the facet component (templates/includes/facets.html).
   Without this file everything still works: every option is in the page, « Voir plus » is a
   <details>, and the form's action ends in #resultats. This file adds:
   - a filter box on long facets (territories), accents and case ignored;
   - focus on the results heading after filtering, so that keyboard and screen-reader users
     land on the count rather than at the top of the page. */
(function () {
  "use strict";

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function say(status, count) {
    var template = count === 0 ? status.dataset.none : count === 1 ? status.dataset.one : status.dataset.many;
    status.textContent = template.replace("{n}", String(count));
  }

  function enhanceSearch(box) {
    var fieldset = box.closest("fieldset");
    var input = box.querySelector("input");
    var status = box.querySelector("[data-facet-status]");
    var options = Array.prototype.slice.call(fieldset.querySelectorAll("[data-facet-option]"));
    var more = fieldset.querySelector("details");
    var wasOpen = more ? more.open : false;
    var labels = options.map(function (option) { return normalize(option.dataset.facetOption); });
    box.hidden = false;
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // typing is not applying
    });
    input.addEventListener("input", function () {
      var term = normalize(input.value);
      var shown = 0;
      options.forEach(function (option, index) {
        var match = term === "" || labels[index].indexOf(term) !== -1;
        option.hidden = !match;
        if (match) { shown += 1; }
      });
      if (more) {
        more.classList.toggle("ints-facet__more--filtering", term !== "");
        if (term !== "" && !more.open) { wasOpen = false; more.open = true; }
        if (term === "") { more.open = wasOpen || more.querySelector("input:checked") !== null; }
      }
      if (term === "") { status.textContent = ""; } else { say(status, shown); }
    });
  }

  function focusResults() {
    if (window.location.hash !== "#resultats") { return; }
    var heading = document.getElementById("resultats");
    if (heading) { heading.focus(); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-facet-search]"), enhanceSearch);
    focusResults();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
