// The mentorship thread: keep messages unique and in order, clear the form after sending.
// Without JavaScript the thread still works (forms post and redirect; reload to see new messages).
(function () {
  "use strict";
  // A message can arrive twice (my own post, then the next poll); keep the first copy, in id order.
  function tidy(list) {
    var seen = {};
    var last = -1;
    var sorted = true;
    var items = [];
    Array.prototype.forEach.call(list.children, function (li) {
      var id = li.getAttribute("data-id");
      if (!id) return;
      if (seen[id]) { li.remove(); return; }
      seen[id] = true;
      items.push(li);
      if (+id < last) sorted = false;
      last = +id;
    });
    if (!sorted) {
      items.sort(function (a, b) { return a.getAttribute("data-id") - b.getAttribute("data-id"); });
      items.forEach(function (li) { list.appendChild(li); });
    }
  }
  document.addEventListener("htmx:afterSwap", function () {
    var list = document.querySelector("[data-message-list]");
    if (list) tidy(list);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-reset-on-success]") && event.detail.successful) {
      form.reset();
      var box = form.querySelector("textarea");
      if (box) box.focus();
    }
  });
  // A thread opens where the reader left off (#now: the first unread message, else the newest), as the links
  // that carry the anchor already do without JavaScript.
  document.addEventListener("DOMContentLoaded", function () {
    var now = document.getElementById("now");
    if (now && !window.location.hash) now.scrollIntoView({block: "start"});
  });
  // The poll backs off when the site answers 503 (its Retry-After at least) or not at all: each failure in a row
  // doubles the pause, up to a minute, instead of asking every 3 s while the database restarts.
  var pollPausedUntil = 0;
  var pollFailures = 0;
  function isPoller(elt) { return !!elt && elt.id === "poller"; }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isPoller(event.detail.elt) && Date.now() < pollPausedUntil) event.preventDefault();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isPoller(event.detail.elt)) return;
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (status !== 0 && status < 500) { pollFailures = 0; return; }
    pollFailures += 1;
    var wait = Math.min(60, 3 * Math.pow(2, pollFailures));
    var asked = xhr ? parseInt(xhr.getResponseHeader("Retry-After"), 10) : NaN;
    if (asked > wait) wait = Math.min(asked, 300);
    pollPausedUntil = Date.now() + wait * 1000;
  });
  // Ctrl+Enter (or Cmd+Enter) sends the message.
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && box.form && box.form.matches("form.compose")) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });
})();
