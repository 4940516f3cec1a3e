// Small behaviours that pages ask for with data attributes, so that no page needs inline
// script (the Content-Security-Policy forbids it). Listeners sit on the document, so content
// that htmx swaps in later behaves the same.
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option sends its form.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.requestSubmit();
    }
  });

  // <input data-select-on-focus readonly>: focusing selects the whole value, ready to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // <button data-confirm="Question?">: asks first; "Cancel" stops the click.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // <form data-select-all="NAME">: the checkbox named select_page ticks every NAME box of the
  // form; unticking one of them unticks select_page.
  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.form;
    if (!form || !form.hasAttribute("data-select-all")) return;
    var name = form.getAttribute("data-select-all");
    if (box.name === "select_page") {
      // form.elements, not querySelectorAll: the boxes may sit outside the form element and
      // belong to it through their form attribute.
      Array.prototype.forEach.call(form.elements, function (each) {
        if (each.name === name) each.checked = box.checked;
      });
    } else if (box.name === name && !box.checked && form.elements.select_page) {
      form.elements.select_page.checked = false;
    }
  });
})();
