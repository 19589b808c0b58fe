// Mitra without a signal, on every page of a logged-in person (issue 25):
// - registers the service worker (sw.js), and asks it to keep the capture page of the current school
//   where the person records activities there, so that it opens tomorrow in a field with no signal;
// - shows in the header how many captures wait on this phone ("menunggu dikirim");
// - sends them when the page opens with a connection and when the connection comes back (the
//   worker does it too where the browser has Background Sync);
// - on logging out, warns when some are unsent, then removes everything the app kept here;
// - on logging in (on the login page), and when another person's page shows here, the kept pages
//   go; the first person's captures stay, unseen and unsent, until they log in again (or anyone logs
//   out, which removes everything, after a warning counting every unsent capture).
(function () {
  var body = document.body;
  // Logging in: the pages kept for whoever was here before go first (a login that ended by itself
  // leaves them), so that no one sees another's kept page, or records under their name.
  var login = document.querySelector("form[data-login]");
  if (login && "caches" in window) {
    login.addEventListener("submit", function (event) {
      if (login.dataset.cleared) return;
      event.preventDefault();
      event.stopPropagation();
      caches.keys().then(function (names) {
        return Promise.all(names.map(function (n) { return caches.delete(n); }));
      }).catch(function () {}).then(function () {
        login.dataset.cleared = "1";
        login.submit();
      });
    }, true);
  }
  var outbox = window.MitraOutbox;
  if (!body.dataset.user || !outbox || !window.indexedDB) return;
  var user = body.dataset.user;
  var script = document.currentScript || document.querySelector("script[data-unsent]");
  var badge = document.querySelector(".outbox-count");
  var sending = null;

  function count() {
    return outbox.mine(user).then(function (items) {
      if (badge) {
        badge.hidden = !items.length;
        badge.querySelector(".n").textContent = items.length;
        if (items.length && !body.dataset.capture) badge.href = items[0].url + "#outbox";
        badge.classList.toggle("refused", items.some(function (item) { return item.state === "refused"; }));
      }
      document.dispatchEvent(new CustomEvent("mitra:outbox", { detail: items }));
      return items;
    }, function () { return []; });
  }

  // After a send that met a dropped connection while the phone says it is online (no "online" event
  // will come): try again after a pause, longer each time.
  var pause = 0;
  var timer = null;
  function later() {
    clearTimeout(timer);
    pause = Math.min(pause ? pause * 2 : 3000, 300000);
    timer = setTimeout(send, pause);
  }

  function send() {
    if (sending || navigator.onLine === false) return sending;
    sending = outbox.mine(user).then(function (items) {
      if (!items.some(function (item) { return item.state === "waiting"; })) return null;
      document.dispatchEvent(new CustomEvent("mitra:sending"));
      return outbox.sendAll();
    }).then(function (report) {
      sending = null;
      if (report) {
        document.dispatchEvent(new CustomEvent("mitra:sent", { detail: report }));
        if (report.stopped === "offline" || report.stopped === "later") later();
        else pause = 0;
      }
      return count();
    }, function () { sending = null; return count(); });
    return sending;
  }

  if ("BroadcastChannel" in window) {
    new BroadcastChannel("mitra-outbox").onmessage = function (event) {
      if (event.data && event.data.saved) document.dispatchEvent(new CustomEvent("mitra:arrived", { detail: event.data }));
      count();
    };
  }
  window.addEventListener("online", send);
  window.MitraOffline = { count: count, send: send, later: later };

  // A new person on this browser: the pages kept for the one before go.
  outbox.meta("owner").then(function (owner) {
    if (owner === user) return null;
    var clearing = "caches" in window
      ? caches.keys().then(function (names) { return Promise.all(names.map(function (n) { return caches.delete(n); })); })
      : null;
    return Promise.resolve(clearing).then(function () { return outbox.meta("owner", user); });
  }).catch(function () {}).then(function () {
    if (!("serviceWorker" in navigator) || !body.dataset.worker) return;
    navigator.serviceWorker.register(body.dataset.worker, { scope: "/s/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      function keep(worker) {
        if (body.dataset.capture && worker) worker.postMessage({ type: "keep", path: body.dataset.capture });
      }
      keep(registration.active);
      // A new release's worker took over while this page was open: ask it too.
      navigator.serviceWorker.addEventListener("controllerchange", function () { keep(navigator.serviceWorker.controller); });
    }).catch(function () {}); // no worker (a private window, an old browser): the app works online
  }).then(function () {
    count();
    send();
  });

  // Logging out: a warning when captures are unsent, then nothing of this person stays here.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[action$='/accounts/logout/']") || form.dataset.cleared) return;
    event.preventDefault();
    event.stopPropagation(); // not yet "sent" for mitra.js: the person may still say no
    outbox.all().then(function (items) {
      if (items.length && !window.confirm(script.dataset.unsent)) return false;
      return Promise.resolve(navigator.serviceWorker && navigator.serviceWorker.getRegistrations
        ? navigator.serviceWorker.getRegistrations().then(function (all) {
            return Promise.all(all.map(function (r) { return r.unregister(); }));
          })
        : null).then(outbox.forget).then(function () { return true; });
    }, function () { return true; }).then(function (go) {
      if (!go) return;
      form.dataset.cleared = "1";
      form.submit();
    });
  }, true);
})();
