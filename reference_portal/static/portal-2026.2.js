/* Release 2026.2: the "Menu" button opens and closes the sidebar navigation on narrow screens.
   Without this script the navigation simply stays open. */
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-toggle]");
  var sidebar = document.getElementById("app-sidebar");
  if (!button || !sidebar) { return; }
  document.documentElement.classList.add("has-menu-toggle");
  var narrow = window.matchMedia("(max-width: 55.99rem)");

  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    sidebar.classList.toggle("app-sidebar--closed", !open);
  }

  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  narrow.addEventListener("change", function () { show(!narrow.matches); });
  show(!narrow.matches);
})();
