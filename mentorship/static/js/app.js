// The installable app's page side: registers the service worker (/sw.js, from 'self'), and on the
// push settings page turns push notifications on or off for this browser. Every page works without it.
(function () {
  "use strict";
  var script = document.currentScript;
  var workerUrl = script && script.dataset.worker;
  var member = script && script.dataset.member === "yes";
  if (!("serviceWorker" in navigator) || !workerUrl) return;

  var registered = navigator.serviceWorker.register(workerUrl, {scope: "/"}).catch(function () { return null; });

  function pushSupported() {
    return "PushManager" in window && "Notification" in window;
  }

  function currentSubscription() {
    return registered.then(function (registration) {
      return registration && registration.pushManager ? registration.pushManager.getSubscription() : null;
    });
  }

  // Logged out (or never in): this browser must receive nothing for anyone. The server already removed the
  // subscription at log-out; this drops the browser's side of it too.
  if (!member) {
    if (pushSupported()) {
      currentSubscription().then(function (subscription) { if (subscription) return subscription.unsubscribe(); })
        .catch(function () { return undefined; });
    }
    return;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function say(text) {
    var status = document.getElementById("push-status");
    if (status) status.textContent = text;
  }

  // Post this browser's subscription; the server answers with the devices list (or its error), swapped in.
  function saveSubscription(panel, subscription) {
    var json = subscription.toJSON();
    var body = new URLSearchParams({endpoint: json.endpoint || "", p256dh: (json.keys || {}).p256dh || "",
      auth: (json.keys || {}).auth || ""});
    return fetch(panel.dataset.pushAdd, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "HX-Request": "true"}
    }).then(function (response) {
      return response.text().then(function (html) {
        var devices = document.getElementById("push-devices");
        if (devices && (response.ok || response.status === 422)) {
          devices.outerHTML = html;
          if (window.htmx) window.htmx.process(document.getElementById("push-devices"));
        }
        if (response.ok) {
          panel.dataset.thisBrowser = "yes";
          document.querySelectorAll("[data-push-subscribe]").forEach(function (b) { b.hidden = true; });
          say("Notifications are on for this browser.");
        } else if (response.status !== 422) {
          say("The site could not save this browser (" + response.status + "). Please try again.");
        } else {
          say("");
        }
      });
    });
  }

  function subscribe(registration, key) {
    var options = {userVisibleOnly: true, applicationServerKey: keyBytes(key)};
    return registration.pushManager.subscribe(options).catch(function (error) {
      if (error.name !== "InvalidStateError") throw error;
      // Subscribed with an older key of the site: start again with the current one.
      return registration.pushManager.getSubscription()
        .then(function (old) { return old && old.unsubscribe(); })
        .then(function () { return registration.pushManager.subscribe(options); });
    });
  }

  function turnOn(panel) {
    if (!pushSupported()) return;
    say("Asking your browser…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say("Notifications are blocked for this site. Allow them in your browser's settings for this site, then try again.");
        return null;
      }
      return registered.then(function (registration) {
        if (!registration) throw new Error("the service worker could not start");
        return navigator.serviceWorker.ready.then(function (ready) { return subscribe(ready, panel.dataset.pushKey); });
      }).then(function (subscription) { return saveSubscription(panel, subscription); });
    }).catch(function (error) {
      say("This browser could not turn notifications on: " + (error && error.message ? error.message : error) + ".");
    });
  }

  function setUpPushPanel(panel) {
    panel.querySelectorAll("[data-push-needs-script]").forEach(function (note) { note.hidden = true; });
    var buttons = panel.querySelectorAll("[data-push-subscribe]");
    if (!pushSupported()) {
      say("This browser can't receive push notifications. On an iPhone or iPad, add the site to your Home Screen " +
        "first (Share, then Add to Home Screen) and open it from there.");
      return;
    }
    buttons.forEach(function (button) {
      button.hidden = panel.dataset.thisBrowser === "yes";
      button.addEventListener("click", function () { turnOn(panel); });
    });
    // A browser that still holds a subscription the site no longer links to it (a new login): link it again.
    if (panel.dataset.thisBrowser !== "yes" && Notification.permission === "granted") {
      currentSubscription().then(function (subscription) {
        if (subscription) return saveSubscription(panel, subscription);
      }).catch(function () { return undefined; });
    }
  }

  // Removing this browser from the list also unsubscribes it here, before the form goes.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-push-this-browser]") || event.defaultPrevented) return;
    event.preventDefault();
    currentSubscription().then(function (subscription) { return subscription && subscription.unsubscribe(); })
      .catch(function () { return undefined; })
      .then(function () { form.submit(); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-push-panel]");
    if (panel) setUpPushPanel(panel);
  });
})();
