/* Site-wide behaviour without inline scripts (the Content-Security-Policy forbids them, ADR 0012).
 *
 * data-confirm="question" on a form, or on the submit button that was pressed, asks before the
 * form is sent — the replacement of onsubmit="return confirm(...)" and onclick handlers.
 */
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var button = event.submitter;
      var question =
        (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
