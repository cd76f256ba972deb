// The site's service worker (served at /sw.js, scope "/"), hand-written, from 'self' only.
// It keeps the static files and the offline page for a bad connection, and shows pushes.
// Pages are never cached: every navigation goes to the network, and only when the network
// fails does the worker answer with the offline page, which is the same for everyone.
"use strict";

const VERSION = {{ version|tojson }};
const CACHE = "mentorship-static-" + VERSION;
const PRECACHE = {{ precache|tojson }};
const OFFLINE = {{ offline|tojson }};
const STATIC_PREFIX = {{ static_prefix|tojson }};
const FALLBACK_URL = {{ fallback_url|tojson }};
const ICON = {{ icon|tojson }};

self.addEventListener("install", (event) => {
  // credentials "omit": what is cached can never depend on who is logged in.
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, {credentials: "omit", cache: "reload"}))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function cacheable(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.ok && response.type === "basic" && !control.includes("no-store") && !control.includes("private");
}

// Static files: from the cache at once, refreshed in the background (stale-while-revalidate).
function fromCacheThenRefresh(event) {
  const request = new Request(event.request.url, {credentials: "omit"});
  return caches.open(CACHE).then((cache) =>
    cache.match(request).then((cached) => {
      const refresh = fetch(request).then((response) => {
        if (cacheable(response)) cache.put(request, response.clone());
        return response;
      });
      if (cached) {
        event.waitUntil(refresh.catch(() => undefined));
        return cached;
      }
      return refresh;
    })
  );
}

// Pages: always the network; the offline page when it cannot be reached. Never stored.
function networkOrOffline(event) {
  return fetch(event.request).catch(() =>
    caches.open(CACHE).then((cache) => cache.match(OFFLINE)).then((page) => page || Response.error())
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(event));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fromCacheThenRefresh(event));
  }
  // Everything else (htmx fragments, polls, downloads) goes to the network untouched.
});

// Logging out: the page asks the worker to drop every cache (the log-out answer also sends Clear-Site-Data).
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "clear-caches") {
    event.waitUntil(caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name)))));
  }
});

function readPush(event) {
  try {
    const data = event.data ? event.data.json() : {};
    return {
      title: String(data.title || "Mentorship"),
      body: String(data.body || "There is something new for you."),
      tag: String(data.tag || "mentorship"),
      url: String(data.url || FALLBACK_URL),
    };
  } catch (error) {
    return {title: "Mentorship", body: "There is something new for you.", tag: "mentorship", url: FALLBACK_URL};
  }
}

// A push says only what the server put in it: a kind's title, a generic sentence and a link.
self.addEventListener("push", (event) => {
  const push = readPush(event);
  event.waitUntil(
    self.registration.showNotification(push.title, {
      body: push.body,
      tag: push.tag,  // one per notification: a repeat (or a bigger bundle) replaces it
      icon: ICON,
      badge: ICON,
      data: {url: push.url},
    })
  );
});

// Only this site's own pages open from a notification.
function sameSitePath(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : new URL(FALLBACK_URL, self.location.origin).href;
  } catch (error) {
    return new URL(FALLBACK_URL, self.location.origin).href;
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = sameSitePath((event.notification.data || {}).url || FALLBACK_URL);
  event.waitUntil(
    self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin && "navigate" in client);
      if (open) return open.navigate(target).then((client) => (client || open).focus());
      return self.clients.openWindow(target);
    })
  );
});
