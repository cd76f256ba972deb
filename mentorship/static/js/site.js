// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Fill hidden timezone fields with the browser's IANA zone (the server falls back to UTC).
  function fillTimezones(root) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (!zone) return;
    root.querySelectorAll("input[data-guess-timezone]").forEach(function (input) {
      if (!input.value || input.value === "UTC") input.value = zone;
    });
    root.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
      if (select.dataset.userSet === "1") return;
      if (select.querySelector('option[value="' + zone + '"]') && select.value === "UTC" && zone !== "UTC") {
        select.value = zone;
        var note = document.querySelector("[data-guess-note]");
        if (note) note.hidden = false;
      }
    });
  }
  // Confirm destructive actions: <form data-confirm="Delete this?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  document.addEventListener("DOMContentLoaded", function () { fillTimezones(document); });
  document.addEventListener("htmx:load", function (event) { fillTimezones(event.target); });
  // Move focus to the first invalid field after an htmx form re-render, for keyboard and screen reader users.
  document.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.target.querySelector && event.target.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });
})();
