// The platform's own behaviour on top of Tabler's (vendor/tabler/tabler.min.js), kept in
// a static file because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function init(root) {
    // A refused form: focus moves to its error summary, so that keyboard and screen-reader
    // users start at the list of what to correct; its links lead to each field.
    var summary = root.querySelector(".error-summary, .import-report");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
      summary.focus();
    }
    // Success toasts hide after a while (Bootstrap pauses them while hovered or focused).
    if (window.tabler && window.tabler.Toast) {
      root.querySelectorAll(".toast[data-kit-autohide]").forEach(function (toast) {
        window.tabler.Toast.getOrCreateInstance(toast, { delay: 8000 }).show();
      });
    }
  }

  // <select data-kit-clears="city">: changing it empties the named field of its form
  // (a new province makes the chosen city meaningless).
  document.addEventListener("change", function (event) {
    var target = event.target;
    var name = target && target.getAttribute && target.getAttribute("data-kit-clears");
    if (name && target.form && target.form.elements[name]) {
      target.form.elements[name].value = "";
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();

// <button data-kit-fill="id_credit_code" data-kit-value="…">: copies the value into the
// field with that id and moves focus there (a search suggestion fills in a form).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-kit-fill]");
  if (!button) { return; }
  var input = document.getElementById(button.getAttribute("data-kit-fill"));
  if (input) {
    input.value = button.getAttribute("data-kit-value");
    input.focus();
  }
});

// A confirmation (common/confirmation.py) loaded by htmx into #confirm-dialog-content opens
// in the page's modal; its title names the dialog, and focus moves to its first field.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || target.id !== "confirm-dialog-content" || !window.tabler) { return; }
  var dialog = document.getElementById("confirm-dialog");
  dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
  var modal = window.tabler.Modal.getOrCreateInstance(dialog);
  dialog.addEventListener("shown.bs.modal", function () {
    var field = target.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }, { once: true });
  modal.show();
});
