// Mitra's service worker, written by hand. Served at /sw.js with the scope /s/ (schools/app.py), which
// puts one line before this file: self.MITRA = {release, static, core, stylesheet, lang, offline}.
//
// What it keeps, and nothing else:
// - the capture page of the person's current school (it holds the school's partner names and the
//   person's planned activities of the week), fresh from the network whenever there is one;
// - static files (styles, scripts, icons), which carry no one's data.
// Every other page goes to the network untouched; without a connection, a short page says so and
// leads to the capture page. A new release is a new worker (its first line differs), whose caches
// replace the old ones. Captures made offline wait in the outbox (outbox.js) and are sent by the
// pages, and here too where the browser has Background Sync.
"use strict";
importScripts(self.MITRA.core);

var CACHE = "mitra-" + self.MITRA.release;
var SHELL = /^\/s\/\d+\/run\/record\/$/;
var FRESH_FOR = 6 * 3600 * 1000; // a kept capture page older than this is fetched again
var PATIENCE = 10000; // ms: on a connection this slow, the kept page is shown instead

self.addEventListener("install", function () {
  self.skipWaiting();
});

// A new release: the old caches go, and the capture page they kept is fetched again with this
// release's files (a phone that updates and then loses its signal still has the page).
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      var old = names.filter(function (n) { return n !== CACHE; });
      return Promise.all(old.map(function (name) {
        return caches.open(name).then(function (cache) { return cache.keys(); }).then(function (requests) {
          return requests.map(function (r) { return new URL(r.url).pathname; }).filter(function (p) { return SHELL.test(p); });
        });
      })).then(function (found) {
        return Promise.all(old.map(function (n) { return caches.delete(n); })).then(function () {
          return [].concat.apply([], found);
        });
      });
    }).then(function (paths) {
      return Promise.all([self.clients.claim()].concat(paths.slice(0, 1).map(keep)));
    })
  );
});

function keepable(response) {
  // Whole answers only: not a range of a file (206), an error, a redirect or another site's.
  return response && response.status === 200 && response.type === "basic" && !response.redirected;
}

function keep(path) {
  return fetch(path, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
    return keepable(response) ? keepShell(path, response) : null;
  }, function () {});
}

// The capture page and the static files it names, kept together; the pages of other schools go.
function keepShell(path, response) {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (r) {
        var other = new URL(r.url).pathname;
        return SHELL.test(other) && other !== path;
      }).map(function (r) { return cache.delete(r); }));
    }).then(function () { return response.clone().text(); }).then(function (html) {
      var assets = [];
      var found = /(?:src|href)="([^"]+)"/g;
      var match;
      while ((match = found.exec(html))) {
        var url = match[1].replace(/&amp;/g, "&").split("#")[0];
        if (url.indexOf(self.MITRA.static) === 0 && assets.indexOf(url) < 0) assets.push(url);
      }
      return Promise.all(assets.map(function (url) {
        return cache.match(url).then(function (hit) {
          if (hit) return null;
          return fetch(url, { credentials: "same-origin" }).then(function (r) { return keepable(r) ? cache.put(url, r) : null; }, function () {});
        });
      }));
    }).then(function () { return cache.put(path, response); });
  });
}

function fromNetwork(request, path) {
  return fetch(request).then(function (response) {
    if (keepable(response)) keepShell(path, response.clone());
    return response;
  });
}

function shell(request, path) {
  var network = fromNetwork(request, path);
  var kept = caches.open(CACHE).then(function (cache) { return cache.match(path); });
  // The network first; the kept page when there is none, or when the network is this slow.
  return new Promise(function (resolve, reject) {
    var settled = false;
    function give(response) { if (!settled && response) { settled = true; resolve(response); } }
    var timer = setTimeout(function () { kept.then(give); }, PATIENCE);
    network.then(function (response) { clearTimeout(timer); give(response); }, function () {
      clearTimeout(timer);
      kept.then(function (hit) {
        if (hit) return give(hit);
        offlinePage().then(give, reject);
      });
    });
  });
}

function asset(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (keepable(response)) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
}

function offlinePage() {
  var words = self.MITRA.offline;
  return caches.open(CACHE).then(function (cache) { return cache.keys(); }).then(function (requests) {
    var kept = requests.map(function (r) { return new URL(r.url).pathname; }).filter(function (p) { return SHELL.test(p); })[0];
    var html =
      '<!doctype html><html lang="' + escape(self.MITRA.lang) + '"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      "<title>" + escape(words.title) + " · Mitra</title>" +
      '<link rel="stylesheet" href="' + escape(self.MITRA.stylesheet) + '"></head>' +
      '<body><main id="main" class="page"><div class="card narrow"><h1>' + escape(words.title) + "</h1>" +
      "<p>" + escape(words.text) + "</p>" +
      (kept ? '<p><a class="btn" href="' + escape(kept) + '">' + escape(words.record) + "</a></p>" : "") +
      "</div></main></body></html>";
    return new Response(html, {
      status: 503,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'self'; script-src 'none'; base-uri 'none'",
        "Cache-Control": "no-store",
      },
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (SHELL.test(url.pathname) && !url.search && request.mode === "navigate") {
    event.respondWith(shell(request, url.pathname));
  } else if (url.pathname.indexOf(self.MITRA.static) === 0) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

// A page asks for its school's capture page to be kept (offline.js, on every page of a person who
// records): fetched now if it is not kept yet, or kept too long ago.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !SHELL.test(data.path || "")) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.match(data.path); }).then(function (hit) {
    var age = hit ? Date.now() - new Date(hit.headers.get("Date") || 0).getTime() : Infinity;
    return hit && age < FRESH_FOR ? null : keep(data.path);
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag === "mitra-outbox") {
    event.waitUntil(self.MitraOutbox.sendAll().then(function (report) {
      // Still waiting for a connection: let the browser try again later.
      if (report.stopped === "offline" || report.stopped === "later") throw new Error(report.stopped);
    }));
  }
});
