// Move focus to a form's error summary when the page shows one, so that keyboard and
// screen-reader users start at the list of what to correct; its links lead to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary, .import-report");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
    summary.focus();
  }
});

// A suggestion's button (data-credit-code) copies its credit code into the form and moves
// focus there. Here rather than inline: the Content-Security-Policy runs no inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-credit-code]");
  var input = document.getElementById("id_credit_code");
  if (!button || !input) { return; }
  input.value = button.getAttribute("data-credit-code");
  input.focus();
});
