// Behaviour of the page layout that every page shares; each part also works without it.
(function () {
  "use strict";

  // The header's menu button on small screens: a disclosure (a button with aria-expanded that
  // shows or hides the element named by aria-controls). Only once this runs does the header
  // get `has-menu`, so without JavaScript the button stays hidden and the menu stays open.
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.closest(".topbar").classList.add("has-menu");
    button.addEventListener("click", function () {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and puts the focus back on its button.
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(button, false);
        button.focus();
      }
    });
  });

  // "More" in the main navigation: a <details> that works without JavaScript. Here it closes
  // on Escape and on a click elsewhere, and in the phone menu (one column, no room problem)
  // it stays open so its entries read as part of the list.
  var narrow = window.matchMedia("(max-width: 700px)");
  document.querySelectorAll("[data-nav-more]").forEach(function (more) {
    function fit() {
      if (narrow.matches) more.open = true;
      else if (!more.contains(document.activeElement)) more.open = false;
    }
    fit();
    narrow.addEventListener("change", fit);
    more.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && more.open && !narrow.matches) {
        more.open = false;
        more.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (more.open && !narrow.matches && !more.contains(event.target)) more.open = false;
    });
  });

  // A table wider than the screen scrolls in its box; a keyboard can scroll it only when the
  // box takes the focus, so a box that scrolls becomes a named region in the tab order (and
  // leaves it again when the window grows). Its name: the box's data-label, the table's
  // caption, or the heading before it.
  function heading(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    return "";
  }
  function markScrolling() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var name = wrap.dataset.label || heading(wrap);
        wrap.setAttribute("tabindex", "0");
        if (name) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name);
        }
        wrap.dataset.scrolls = "true";
      } else if (wrap.dataset.scrolls) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrolls;
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
  document.body.addEventListener("htmx:afterSettle", markScrolling);
})();
