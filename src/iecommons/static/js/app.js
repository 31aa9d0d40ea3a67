/* Behaviour shared by every page. Here, not inline in the templates: the
 * Content-Security-Policy runs no inline script and no hx-on handler. */
(function () {
  "use strict";

  // A field with data-clears="NAME" empties the field NAME of its form when it changes
  // (a new province makes the chosen city meaningless). In the capture phase, so that it
  // runs before htmx sends the form on the same change event.
  document.addEventListener("change", function (event) {
    var field = event.target;
    var name = field && field.getAttribute && field.getAttribute("data-clears");
    if (name && field.form && field.form.elements[name]) {
      field.form.elements[name].value = "";
    }
  }, true);
})();
