// The outbox: captures made without a signal, kept on the phone (IndexedDB) until they can be sent.
// Shared by the pages (offline.js, capture.js) and the service worker (sw.js, through importScripts),
// so it touches no page: it keeps, lists, sends and forgets.
//
// A capture is {id, token, user, url, partner, partnerName, sentence, madeAt, place, photo, photoName,
// uploadKey, state, reason, code}: `url` is the school's capture address, `token` the submission
// token that makes a capture sent twice save once (the server keeps it with the activity), `madeAt`
// when it was made (the activity's date), `state` "waiting" or "refused" (with the server's `reason`
// or the answer's `code`).
//
// Sending goes in the order the captures were made, one at a time, under one lock shared by every
// page and the worker: the photo in pieces that survive a drop (files/resumable.py), then the form,
// asking for JSON. A dropped connection or a server error ends the round and leaves the rest waiting;
// a school without a login (or with another person's) keeps its captures waiting while the others
// go; a refusal is kept with its reason and the round goes on.
(function (scope) {
  "use strict";
  var NAME = "mitra";
  var OUTBOX = "outbox";
  var META = "meta";
  var PIECE = 128 * 1024;
  var LATER_LIMIT = 5; // server errors in a row for one capture before it is set aside as refused
  var channel = "BroadcastChannel" in scope ? new BroadcastChannel("mitra-outbox") : null;
  var opening = null;
  var forgotten = false; // the database was deleted (logging out): this page or worker keeps nothing more

  function open() {
    if (forgotten) return Promise.reject(new Error("forgotten"));
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "id", autoIncrement: true });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = function () {
        var db = request.result;
        // Logging out deletes the database: let go of it at once, or the deletion would wait, and do
        // not make a new one (a round still sending would write into it).
        db.onversionchange = function (event) {
          db.close();
          opening = null;
          if (event.newVersion === null) forgotten = true;
        };
        resolve(db);
      };
      request.onerror = function () { opening = null; reject(request.error); };
      request.onblocked = function () { opening = null; reject(new Error("blocked")); };
    });
    return opening;
  }

  // One request in its own transaction; resolves with its result once the transaction is written.
  function run(store, mode, make) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(store, mode);
        var request = make(transaction.objectStore(store));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  // Every page hears of a change, from whichever page or worker made it: {saved: token, url} when a
  // capture arrived, {} otherwise.
  function changed(news) {
    if (channel) channel.postMessage(news && news.saved ? news : {});
  }

  function all() {
    return run(OUTBOX, "readonly", function (s) { return s.getAll(); });
  }

  function mine(user) {
    return all().then(function (items) {
      return items.filter(function (item) { return String(item.user) === String(user); });
    });
  }

  function add(item) {
    item.state = "waiting";
    item.reason = [];
    item.code = 0;
    return run(OUTBOX, "readwrite", function (s) { return s.add(item); }).then(function (id) {
      changed();
      return id;
    });
  }

  // Change a kept capture, if it is still kept: one discarded meanwhile (or forgotten at logout) is
  // not brought back.
  function update(id, changes) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(OUTBOX, "readwrite");
        var store = transaction.objectStore(OUTBOX);
        var found = store.get(id);
        var item = null;
        found.onsuccess = function () {
          if (!found.result) return;
          item = found.result;
          Object.keys(changes).forEach(function (key) { item[key] = changes[key]; });
          store.put(item);
        };
        transaction.oncomplete = function () { resolve(item); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    }).then(function (item) { changed(); return item; });
  }

  function get(id) {
    return run(OUTBOX, "readonly", function (s) { return s.get(id); });
  }

  function remove(id) {
    return run(OUTBOX, "readwrite", function (s) { return s.delete(id); }).then(changed);
  }

  function meta(key, value) {
    if (value === undefined) return run(META, "readonly", function (s) { return s.get(key); });
    return run(META, "readwrite", function (s) { return s.put(value, key); });
  }

  // Everything the app keeps on the device: the database and the caches (logging out).
  function forget() {
    forgotten = true;
    var closing = opening ? opening.then(function (db) { db.close(); }, function () {}) : Promise.resolve();
    opening = null;
    return closing.then(function () {
      return Promise.all([
        new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        }),
        "caches" in scope
          ? caches.keys().then(function (names) { return Promise.all(names.map(function (n) { return caches.delete(n); })); })
          : null,
      ]);
    }).then(function () { changed(); });
  }

  function newKey() {
    if (scope.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- Sending --------------------------------------------------------------------------------------
  // A round stops on "offline" (no connection; nothing else will go either). For one school, "login"
  // (no login there, or another person's) leaves its captures waiting, and a school that no longer
  // lets the person record (403, 404) sets them aside as refused; the other schools' captures go on.

  function Stop(reason, code) { this.reason = reason; this.code = code || 0; }

  function json(response) {
    if (!/json/.test(response.headers.get("Content-Type") || "")) return Promise.resolve(null);
    return response.json().catch(function () { return null; });
  }

  function call(url, options) {
    options.credentials = "same-origin";
    options.redirect = "manual"; // a redirect is the login page
    return fetch(url, options).catch(function () { throw new Stop("offline"); }).then(function (response) {
      if (response.type === "opaqueredirect") throw new Stop("login");
      if (response.status >= 500) throw new Stop("later", response.status);
      return response;
    });
  }

  // A fresh form token (the page a capture was made on may be from an earlier login) and who is
  // logged in: a capture goes only under the login of the person who made it.
  function session(url) {
    return call(url + "session/", { headers: { Accept: "application/json" } }).then(function (response) {
      return json(response).then(function (answer) {
        if (response.ok && answer && answer.csrf) return answer;
        throw new Stop(response.status === 403 || response.status === 404 ? "gone" : "login", response.status);
      });
    });
  }

  // The photo in pieces; `fresh`: nothing of it was sent before, so no need to ask how much arrived.
  function sendPhoto(item, csrf, fresh) {
    var address = item.url + "uploads/" + item.uploadKey + "/";
    var photo = item.photo;
    function piece(received) {
      if (received >= photo.size) return Promise.resolve(true);
      var end = Math.min(received + PIECE, photo.size);
      return call(address, {
        method: "PUT",
        headers: {
          "X-CSRFToken": csrf,
          "Content-Range": "bytes " + received + "-" + (end - 1) + "/" + photo.size,
          "X-File-Name": encodeURIComponent(item.photoName || "foto.jpg"),
        },
        body: photo.slice(received, end),
      }).then(function (response) {
        return json(response).then(function (answer) {
          if ((response.ok || response.status === 409) && answer && typeof answer.received === "number") {
            return piece(answer.received);
          }
          // Refused (too large, too many on their way…): the photo goes with the form instead, whose
          // answer says what is wrong with it, if anything.
          return false;
        });
      });
    }
    if (fresh) return piece(0);
    // How much of it arrived before (a round that stopped half-way, or the page's own upload)?
    return call(address, { headers: { Accept: "application/json" } }).then(function (response) {
      return json(response).then(function (answer) {
        return piece(response.ok && answer && typeof answer.received === "number" ? answer.received : 0);
      });
    });
  }

  // A photo of one piece that has not started goes with the form: one request fewer on a slow line.
  // A larger one goes ahead in pieces, under a key kept with the capture, so that a round that stops
  // half-way is taken up from where it stopped.
  function sendOne(item, answer) {
    var fresh = item.photo && !item.uploadKey && item.photo.size > PIECE;
    var ready = fresh ? update(item.id, { uploadKey: newKey() }) : Promise.resolve(item);
    return ready.then(function (current) {
      if (!current) return { result: "gone" }; // discarded meanwhile
      item = current;
      var pieces = item.photo && item.uploadKey;
      return (pieces ? sendPhoto(item, answer.csrf, fresh) : Promise.resolve(false)).then(function (uploaded) {
        var data = new FormData();
        data.set("csrfmiddlewaretoken", answer.csrf);
        data.set("submission", item.token);
        data.set("partner", item.partner || "");
        data.set("sentence", item.sentence || "");
        data.set("made_at", item.madeAt || "");
        data.set("place", item.place || "");
        data.set("upload", uploaded ? item.uploadKey : "");
        if (item.photo && !uploaded) data.set("photo", item.photo, item.photoName || "foto.jpg");
        return call(item.url, {
          method: "POST",
          headers: { Accept: "application/json", "X-CSRFToken": answer.csrf },
          body: data,
        });
      }).then(function (response) {
        return json(response).then(function (result) {
          if (response.ok && result && result.url) {
            return run(OUTBOX, "readwrite", function (s) { return s.delete(item.id); }).then(function () {
              changed({ saved: item.token, url: result.url });
              return { result: "saved", url: result.url };
            });
          }
          if (response.status === 403 && !result) throw new Stop("login"); // the form token was not taken
          return update(item.id, { state: "refused", reason: (result && result.errors) || [], code: response.status })
            .then(function () { return { result: "refused" }; });
        });
      });
    });
  }

  // Send what waits, in the order it was made. Resolves with {saved, refused, stopped, urls}
  // (stopped: why some stayed waiting, or ""; urls: each saved capture's activity, by token).
  function sendAll() {
    var report = { saved: 0, refused: 0, stopped: "", urls: {} };
    function round() {
      return all().then(function (items) {
        var sessions = {};
        var ids = items.filter(function (item) { return item.state === "waiting"; }).map(function (item) { return item.id; });
        return ids.reduce(function (previous, id) {
          return previous.then(function () {
            // Read again: it may have been sent by another page, mended or discarded meanwhile.
            return get(id).then(function (item) {
              if (!item || item.state !== "waiting") return null;
              if (!sessions[item.url]) sessions[item.url] = session(item.url);
              return sessions[item.url].then(function (answer) {
                if (String(answer.user) !== String(item.user)) throw new Stop("login");
                return sendOne(item, answer);
              }).then(function (outcome) {
                if (outcome.result === "saved") { report.saved += 1; report.urls[item.token] = outcome.url; }
                if (outcome.result === "refused") report.refused += 1;
              }, function (error) {
                if (!(error instanceof Stop) || error.reason === "offline") throw error;
                if (error.reason === "gone") {
                  report.refused += 1;
                  return update(item.id, { state: "refused", reason: [], code: error.code });
                }
                if (error.reason === "later") {
                  // The server failed: the round ends (it may be down for everyone). The capture it
                  // failed on is set aside after a few times in a row, so that one capture the server
                  // cannot take does not hold back the others for good.
                  var tries = (item.tries || 0) + 1;
                  return update(item.id, tries >= LATER_LIMIT ? { state: "refused", reason: [], code: error.code } : { tries: tries })
                    .then(function () { throw error; });
                }
                report.stopped = report.stopped || error.reason; // "login": this school's captures wait
              });
            });
          });
        }, Promise.resolve());
      }).catch(function (error) {
        if (!(error instanceof Stop)) throw error;
        report.stopped = error.reason;
      }).then(function () { return report; });
    }
    if (scope.navigator && navigator.locks) {
      return navigator.locks.request("mitra-outbox", round);
    }
    return round();
  }

  scope.MitraOutbox = {
    add: add,
    update: update,
    get: get,
    remove: remove,
    all: all,
    mine: mine,
    meta: meta,
    forget: forget,
    newKey: newKey,
    sendAll: sendAll,
  };
})(self);
