// Move focus to a form's error summary when the page shows one, so that keyboard and
// screen-reader users start at the list of what to correct; its links lead to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary, .import-report");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
    summary.focus();
  }
});
