/* Small behaviours of the planner's pages. Each one only adds to what works without it. */
(function () {
  "use strict";

  // The account menu (a <details>): Escape closes it and gives the focus back to its
  // summary; a click elsewhere closes it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  // A form marked data-busy takes a while to answer (a PDF is rendered): once sent, its
  // button says so and cannot be pressed twice, and a status message tells screen readers.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]") || event.defaultPrevented) return;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector("[data-busy-status]");
    // after the browser has gathered what the form sends, then the page waits
    window.setTimeout(function () {
      if (button) {
        button.disabled = true;
        button.classList.add("is-busy");
      }
      if (status) status.textContent = form.getAttribute("data-busy");
    }, 0);
  });
})();
