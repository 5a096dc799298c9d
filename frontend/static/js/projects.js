// Bootstrap classes for the Django-rendered brief form widgets (no inline scripts needed).
document.querySelectorAll("#brief-form input:not([type=checkbox]), #brief-form textarea, #brief-form select").forEach((el) => {
  el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control");
});
document.querySelectorAll("#brief-form input[type=checkbox]").forEach((el) => el.classList.add("form-check-input"));
