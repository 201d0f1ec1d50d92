// The session-timeout warning (AUTH-03). The server is the only clock that counts: the page
// carries the seconds left when it was rendered, and the script keeps asking /session/status
// (which does not count as activity). When little time is left it shows the warning and moves
// focus to "Stay signed in"; once the session has ended it removes everything signed-in from the
// page, so no health information stays on screen.
(function () {
  "use strict";

  var box = document.getElementById("session-timeout");
  if (!box) {
    return;
  }
  var live = document.getElementById("session-timeout-live");
  var text = document.getElementById("session-timeout-text");
  var form = box.querySelector("form");
  var warningSeconds = Number(box.dataset.warningSeconds);
  var pollMs = Math.max(1, Number(box.dataset.pollSeconds)) * 1000;
  var idleDeadline = 0;
  var absoluteDeadline = 0;
  var asking = false;
  var ended = false;
  var focusBefore = null;

  function setDeadlines(idleSeconds, absoluteSeconds) {
    var now = Date.now();
    idleDeadline = now + idleSeconds * 1000;
    absoluteDeadline = now + absoluteSeconds * 1000;
  }

  function secondsUntil(deadline) {
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  // Demographics area: the unit words come from the page, in its language (English by default).
  var units = (box.dataset.units || "minute|minutes|second|seconds").split("|");

  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + " " + (minutes === 1 ? units[0] : units[1]);
    }
    return seconds + " " + (seconds === 1 ? units[2] : units[3]);
  }

  function showWarning(seconds, absoluteFirst) {
    var template = absoluteFirst ? box.dataset.absoluteText : box.dataset.idleText;
    text.textContent = template.replace("{time}", describe(seconds));
    form.hidden = absoluteFirst;
    if (box.hidden) {
      focusBefore = document.activeElement;
      box.hidden = false;
      (absoluteFirst ? box : form.querySelector("button")).focus();
    }
  }

  function hideWarning() {
    if (!box.hidden) {
      box.hidden = true;
      if (focusBefore && document.body.contains(focusBefore)) {
        focusBefore.focus();
      }
    }
  }

  function tick() {
    if (ended) {
      return;
    }
    var idle = secondsUntil(idleDeadline);
    var absolute = secondsUntil(absoluteDeadline);
    var left = Math.min(idle, absolute);
    if (left <= 0) {
      ask();
    } else if (left <= warningSeconds) {
      showWarning(left, absolute <= idle);
    } else {
      hideWarning();
    }
  }

  function apply(status) {
    if (!status.signed_in) {
      signedOut(status);
      return;
    }
    setDeadlines(status.seconds_left_idle, status.seconds_left_absolute);
    tick();
  }

  function ask() {
    if (asking || ended) {
      return;
    }
    asking = true;
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () { /* offline: try again at the next poll */ })
      .then(function () { asking = false; });
  }

  // Everything signed-in outside the page's <main>, in every release's layout (2026.1: .main-nav
  // and .sign-out; 2026.2: the sidebar, the menu button and .topbar__signout), found by what it is.
  var SIGNED_IN_PARTS = [
    "nav",
    "form[action$='/sign-out']",
    "#session-timeout",
    ".record-bar",
    "#app-sidebar",
    "[data-menu-toggle]",
  ].join(", ");

  function signedOut(status) {
    ended = true;
    document.querySelectorAll(SIGNED_IN_PARTS).forEach(function (element) {
      element.remove();
    });
    var main = document.querySelector("main");
    var card = document.createElement("div");
    card.className = "card card-form";
    var heading = document.createElement("h1");
    heading.textContent = box.dataset.signedOutTitle;
    heading.className = "session-ended-heading";
    heading.tabIndex = -1;
    var notice = document.createElement("div");
    notice.className = "notice notice-info";
    notice.setAttribute("role", "status");
    var message = document.createElement("p");
    message.textContent = status.message;
    notice.appendChild(message);
    var again = document.createElement("p");
    var link = document.createElement("a");
    link.className = "button";
    link.href = status.sign_in_url;
    link.textContent = box.dataset.signInLabel;
    again.appendChild(link);
    card.append(heading, notice, again);
    if (main.classList.contains("main")) {  // the 2026.1 layout's narrow column
      main.className = "container main main-narrow";
    }
    main.replaceChildren(card);
    document.title = box.dataset.signedOutTitle + " – " + document.title.split(" – ").pop();
    heading.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        apply(status);
        if (status.signed_in) {
          live.textContent = "";
          live.textContent = box.dataset.stillSignedIn;
        }
      })
      .catch(function () { form.submit(); });
  });

  setDeadlines(Number(box.dataset.secondsLeftIdle), Number(box.dataset.secondsLeftAbsolute));
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      ask();
    }
  });
  window.setInterval(tick, 1000);
  window.setInterval(ask, pollMs);
  tick();
})();
