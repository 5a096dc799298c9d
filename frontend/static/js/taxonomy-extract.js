// Hovering a ranked skill highlights its mentions in the text, and the other way round.
(function () {
  "use strict";
  function toggle(index, on) {
    document.querySelectorAll('[data-skill="' + index + '"]').forEach(function (el) {
      el.classList.toggle("table-warning", on && el.tagName === "TR");
      el.classList.toggle("bg-warning", on && el.tagName === "MARK");
    });
  }
  document.querySelectorAll("[data-skill]").forEach(function (el) {
    var index = el.getAttribute("data-skill");
    el.addEventListener("mouseenter", function () { toggle(index, true); });
    el.addEventListener("mouseleave", function () { toggle(index, false); });
  });
})();
