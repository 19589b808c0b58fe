// Recording an activity on a phone over a slow connection. The form works without this script;
// with it:
// - the photo is scaled down in the phone (a 4 MB camera photo becomes about 150 KB) and starts going
//   up in the background as soon as it is chosen, in pieces, while the rest is typed; after a drop it
//   goes on from where it stopped (the server says how much arrived), and a piece sent twice is taken
//   once (files/resumable.py);
// - "Kirim" first checks the two fields in the phone and names what is missing, before anything is
//   sent; then only the small form goes (with the photo's key), once the photo is up;
// - when the server has the activity, "Tercatat" shows here with the photo: no page to wait for;
// - nothing typed is lost: the text and the partner survive a reload, the photo stays in the form,
//   and the hidden submission token stays the same, so a send that did arrive is not saved twice;
// - without a connection (or when the send meets a dropped one) the capture is kept on the phone,
//   with the time it was made, in the outbox (outbox.js), and sent by itself later (offline.js, sw.js);
//   what waits is listed here, and what the server did not accept can be mended or discarded;
// - the place, if the person asks for it and the phone says.
(function () {
  var form = document.querySelector("form[data-capture]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var preview = form.querySelector(".photo-preview");
  var photoProgress = form.querySelector(".photo-progress");
  var photoStatus = form.querySelector(".photo-status");
  var status = form.querySelector(".capture-status");
  var progress = form.querySelector(".capture-progress");
  var button = form.querySelector("button[type=submit]");
  var keyField = form.querySelector("input[name=upload]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var key = form.dataset.draftKey;
  var outbox = window.MitraOutbox && window.indexedDB ? window.MitraOutbox : null;
  var submission = form.querySelector("input[name=submission]");
  var madeField = form.querySelector("input[name=made_at]");
  var placeField = form.querySelector("input[name=place]");
  var section = document.getElementById("outbox");
  var mending = null; // the kept capture being mended in the form
  var keptToken = ""; // the capture just kept, to say "Recorded" when it arrives
  var MAX_SIDE = 1280;
  var QUALITY = 0.72;
  var PIECE = 64 * 1024;
  var photo = null; // the scaled photo, kept in memory across failed sends
  var upload = null; // {key, file, received, done: Promise, finished, failed}

  // Keep the typed fields through a reload or a lost connection.
  form.querySelectorAll("textarea, select").forEach(function (field) {
    var saved = window.localStorage && localStorage.getItem(key + ":" + field.name);
    if (saved && !field.value) field.value = saved;
    // A message goes as the field is filled in, not when it loses focus: then the page would shift
    // under the finger that is tapping "Kirim", and the tap would miss.
    field.addEventListener("input", function () {
      localStorage.setItem(key + ":" + field.name, field.value);
      clearError(field);
    });
  });

  function scale(file) {
    return new Promise(function (resolve) {
      if (!file || !/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) return resolve(file);
      createImageBitmap(file).then(function (bitmap) {
        var ratio = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        if (ratio === 1 && file.size < 300 * 1024) return resolve(file);
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * ratio);
        canvas.height = Math.round(bitmap.height * ratio);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(blob ? new File([blob], name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", QUALITY);
      }).catch(function () { resolve(file); });
    });
  }

  var newKey = window.MitraOutbox.newKey; // outbox.js comes first on every page of a logged-in person

  // The page's own token, made here: a page kept on the phone (and opened twice, in the app and in a
  // tab) carries the token of the day it was kept, and two captures must never share one. The server's
  // token serves only a phone without this script.
  function freshToken() { return newKey().replace(/-/g, ""); }
  submission.value = freshToken();

  // --- The photo, in the background ------------------------------------------------------------
  // One job per chosen photo: its pieces go one after another; a dropped connection waits a little
  // (longer each time, at most MAX_TRIES times) and asks the server how much arrived; a refusal or an
  // answer that is not the upload's (an error page, the login page after a long pause) gives up, and
  // the photo then goes with the form, through the same checks. `done` always resolves.
  var MAX_TRIES = 12;
  var preparing = null; // the chosen photo being scaled, then its job

  function start(file) {
    var job = { key: newKey(), file: file, received: 0, finished: false, failed: "", timer: null };
    keyField.value = "";
    photoProgress.hidden = false;
    photoProgress.value = 0;
    photoStatus.textContent = form.dataset.photoSending;
    job.done = new Promise(function (resolve) { job.resolve = resolve; });
    upload = job;
    if (navigator.onLine === false) { // no signal: it waits, and goes when one comes (or with the outbox)
      job.paused = true;
      photoProgress.hidden = true;
      photoStatus.textContent = "";
      return job;
    }
    pump(job, 0);
    return job;
  }

  function answerOf(response) {
    // The upload's own answers are JSON; anything else (an HTML error or login page) is not one.
    if (!/json/.test(response.headers.get("Content-Type") || "")) return Promise.resolve(null);
    return response.json().catch(function () { return null; });
  }

  function pump(job, tries) {
    if (upload !== job || job.finished) return;
    if (job.received >= job.file.size) return finish(job);
    var end = Math.min(job.received + PIECE, job.file.size);
    fetch(form.dataset.uploadUrl + job.key + "/", {
      method: "PUT",
      credentials: "same-origin",
      redirect: "error", // a redirect is the login page: not an answer of the upload
      headers: {
        "X-CSRFToken": token.value,
        "Content-Range": "bytes " + job.received + "-" + (end - 1) + "/" + job.file.size,
        "X-File-Name": encodeURIComponent(job.file.name || "foto.jpg"),
      },
      body: job.file.slice(job.received, end),
    }).then(function (response) {
      answerOf(response).then(function (answer) {
        if ((response.ok || response.status === 409) && answer && typeof answer.received === "number") {
          job.received = answer.received;
          photoProgress.value = Math.round((job.received / job.file.size) * 100);
          return pump(job, 0);
        }
        fail(job, (answer && answer.error) || "");
      });
    }, function () { retry(job, tries); });
  }

  function retry(job, tries) {
    if (upload !== job || job.finished) return;
    job.dropped = true;
    if (tries >= MAX_TRIES) return fail(job, "");
    job.timer = setTimeout(function () { job.timer = null; resume(job, tries + 1); }, Math.min(8000, 500 * Math.pow(2, tries)));
  }

  function resume(job, tries) {
    fetch(form.dataset.uploadUrl + job.key + "/", { credentials: "same-origin", redirect: "error" }).then(function (response) {
      answerOf(response).then(function (answer) {
        if (response.ok && answer && typeof answer.received === "number") {
          job.received = answer.received;
          job.dropped = false;
          return pump(job, tries);
        }
        fail(job, "");
      });
    }, function () { retry(job, tries); });
  }
  // Back online: go on now instead of waiting out the pause.
  window.addEventListener("online", function () {
    if (upload && !upload.finished && (upload.timer || upload.paused)) {
      clearTimeout(upload.timer);
      upload.timer = null;
      upload.paused = false;
      photoProgress.hidden = false;
      photoStatus.textContent = form.dataset.photoSending;
      resume(upload, 0);
    }
  });

  function fail(job, message) {
    job.failed = message || "refused";
    finish(job);
  }

  function finish(job) {
    if (job.finished) return;
    job.finished = true;
    if (job.timer) clearTimeout(job.timer);
    if (upload === job) {
      photoProgress.hidden = true;
      keyField.value = job.failed ? "" : job.key;
      photoStatus.textContent = job.failed ? "" : form.dataset.photoReady;
    }
    job.resolve(job);
  }

  function chosen() {
    var file = input.files && input.files[0];
    if (upload && !upload.finished) fail(upload, "replaced"); // the earlier photo's job ends here
    photo = null;
    upload = null;
    preparing = null;
    keyField.value = "";
    if (!file) { preview.hidden = true; photoProgress.hidden = true; photoStatus.textContent = ""; return; }
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    clearError(input);
    preparing = scale(file).then(function (scaled) { photo = scaled; return start(scaled); });
  }
  input.addEventListener("change", chosen);
  // A photo taken before this script ran (a quick tap on a slow phone, or the browser giving the form
  // back after "back") is shown and scaled as well: its "change" came before anyone listened.
  if (input.files && input.files.length) chosen();

  // --- Checking in the phone, before anything is sent --------------------------------------------
  function fieldOf(element) { return element.closest(".field"); }
  function clearError(element) {
    var field = fieldOf(element);
    if (!field) return;
    field.classList.remove("has-error");
    var list = field.querySelector(".errorlist.local");
    if (list) list.remove();
    element.removeAttribute("aria-invalid");
    if ("describedby" in element.dataset) {
      if (element.dataset.describedby) element.setAttribute("aria-describedby", element.dataset.describedby);
      else element.removeAttribute("aria-describedby");
      delete element.dataset.describedby;
    }
  }
  function showError(element, message) {
    var field = fieldOf(element);
    clearError(element);
    field.classList.add("has-error");
    var list = document.createElement("ul");
    list.className = "errorlist local";
    list.id = element.id + "_local_error";
    var item = document.createElement("li");
    item.textContent = message;
    list.appendChild(item);
    field.appendChild(list);
    element.setAttribute("aria-invalid", "true");
    element.dataset.describedby = element.getAttribute("aria-describedby") || "";
    element.setAttribute("aria-describedby", (element.dataset.describedby + " " + list.id).trim());
  }
  function missing() {
    var first = null;
    var partner = form.querySelector("select[name=partner]");
    var sentence = form.querySelector("textarea[name=sentence]");
    if (partner && !partner.value) { showError(partner, form.dataset.choose); first = first || partner; }
    if (sentence && !sentence.value.trim()) { showError(sentence, form.dataset.required); first = first || sentence; }
    return first;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    event.stopImmediatePropagation(); // this form's double-tap guard is the disabled button below
    if (button.disabled) return;
    var first = missing();
    if (first) { first.focus(); return; }
    // No signal (the phone says so, or the photo's pieces are meeting a dropped connection): kept here.
    if (outbox && (navigator.onLine === false || (upload && !upload.finished && upload.dropped))) return keep();
    var file = input.files && input.files[0];
    button.disabled = true;
    input.disabled = true; // no other photo while this one is being sent
    status.textContent = form.dataset.sending;
    if (file && !preparing) chosen();
    var ready = file ? preparing.then(function (job) { return job.done; }) : Promise.resolve(null);
    if (file && upload && !upload.finished) status.textContent = form.dataset.photoSending;
    ready.then(function (job) {
      input.disabled = false; // disabled fields are left out of FormData
      var data = new FormData(form);
      data.delete(input.name);
      data.set("upload", "");
      if (job && job.failed) {
        data.set(input.name, photo, photo.name); // not sent in the background: it goes with the form
      } else if (job) {
        data.set("upload", job.key);
      }
      input.disabled = true;
      send(data);
    });
  }, true);

  function send(data) {
    var request = new XMLHttpRequest();
    status.textContent = form.dataset.sending;
    progress.hidden = false;
    progress.value = 0;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    });
    request.addEventListener("load", function () {
      var next = request.getResponseHeader("HX-Redirect");
      // Refused without a word: the page's form token is from an earlier login (a page kept on the
      // phone). The outbox asks for a fresh one and sends it.
      if (request.status === 403 && outbox) return keep();
      if (request.status < 400 && next) {
        form.querySelectorAll("textarea, select").forEach(function (f) { localStorage.removeItem(key + ":" + f.name); });
        if (mending) outbox.remove(mending.id);
        mending = null;
        submission.value = freshToken(); // "Record another" here is a new capture
        recorded(next);
        return;
      }
      // The server refused something: show its messages, keep everything here.
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var errors = Array.prototype.map.call(page.querySelectorAll(".errorlist li, .messages li"), function (li) { return li.textContent; });
      // The server did not take the photo sent in the background: the next send takes it with the form.
      if (page.querySelector(".photo-field .errorlist") && upload) { upload.failed = "refused"; keyField.value = ""; }
      done(errors.join(" ") || form.dataset.failed);
    });
    // The connection dropped: the capture waits on the phone, under the token it was sent with (it
    // may have arrived; then the server finds it again instead of saving it twice).
    request.addEventListener("error", function () { outbox ? keep() : done(form.dataset.failed); });
    request.addEventListener("timeout", function () { outbox ? keep() : done(form.dataset.failed); });
    request.open("POST", form.action || location.href);
    request.setRequestHeader("HX-Request", "true");
    request.timeout = 180000;
    request.send(data);
  }

  function recorded(next, kept) {
    var panel = document.querySelector(".recorded");
    var word = panel.querySelector(".recorded-word");
    if (!word.dataset.recorded) word.dataset.recorded = word.textContent;
    word.textContent = kept ? form.dataset.kept : word.dataset.recorded;
    panel.classList.toggle("kept", !!kept);
    panel.querySelector(".recorded-link").hidden = !!kept;
    var sentence = form.querySelector("textarea[name=sentence]");
    var partner = form.querySelector("select[name=partner]");
    panel.querySelector(".recorded-what").textContent =
      sentence.value.trim() + (partner && partner.selectedIndex > 0 ? " · " + partner.options[partner.selectedIndex].text : "");
    if (photo) {
      var img = panel.querySelector(".recorded-photo");
      img.src = preview.src;
      img.hidden = false;
    }
    if (next) panel.querySelector(".recorded-link").href = next;
    form.hidden = true;
    panel.hidden = false;
    panel.focus();
  }

  function done(message) {
    button.disabled = false;
    input.disabled = false;
    progress.hidden = true;
    status.textContent = message;
  }
  // --- Without a connection: kept on the phone ---------------------------------------------------
  function keep() {
    button.disabled = true;
    var file = input.files && input.files[0];
    if (file && !preparing) chosen();
    var scaled = file ? preparing : Promise.resolve(null);
    scaled.then(function () {
      var partner = form.querySelector("select[name=partner]");
      var sentence = form.querySelector("textarea[name=sentence]");
      var job = upload;
      var item = {
        // The form's token: a send that may have arrived is then found again, not saved twice.
        token: submission.value,
        user: document.body.dataset.user,
        url: form.dataset.url,
        partner: partner.value,
        partnerName: partner.options[partner.selectedIndex].text,
        sentence: sentence.value.trim(),
        madeAt: madeField.value || new Date().toISOString(),
        place: placeField.value,
        photo: photo || null,
        photoName: photo ? photo.name : "",
        // Part of the photo is up already: the outbox goes on from there.
        uploadKey: job && !job.failed && job.received > 0 ? job.key : null,
      };
      if (job && !job.finished) fail(job, "replaced"); // the outbox sends it, from where it stopped
      return outbox.add(item).then(function (id) {
        return mending && mending.id !== id ? outbox.remove(mending.id) : null;
      }).then(function () {
        submission.value = freshToken();
        keptToken = item.token;
        mending = null;
        form.querySelectorAll("textarea, select").forEach(function (f) { localStorage.removeItem(key + ":" + f.name); });
        done("");
        recorded("", true);
        if (navigator.serviceWorker && navigator.serviceWorker.ready) {
          navigator.serviceWorker.ready.then(function (r) { return r.sync && r.sync.register("mitra-outbox"); }).catch(function () {});
        }
        // Ask the browser not to clear what waits here when it runs short of space.
        if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
        if (window.MitraOffline) window.MitraOffline.count();
        // The phone says it is online (a send dropped, or the photo's pieces did): no "online" event
        // will come, so try again after a pause.
        if (navigator.onLine !== false && window.MitraOffline) window.MitraOffline.later();
      });
    }).catch(function () { done(form.dataset.failed); });
  }

  // "Record another" after a capture was kept: a fresh form here, with no page to load.
  document.querySelector(".recorded .actions a").addEventListener("click", function (event) {
    if (!document.querySelector(".recorded").classList.contains("kept")) return;
    event.preventDefault();
    reset();
  });

  function reset() {
    if (upload && !upload.finished) fail(upload, "replaced");
    form.reset();
    photo = null; upload = null; preparing = null;
    keyField.value = ""; madeField.value = ""; placeField.value = "";
    preview.hidden = true; preview.removeAttribute("src");
    photoProgress.hidden = true; photoStatus.textContent = ""; status.textContent = "";
    placeStatus.textContent = "";
    if (placeButton) placeButton.hidden = !navigator.geolocation;
    var panel = document.querySelector(".recorded");
    panel.hidden = true;
    panel.querySelector(".recorded-photo").hidden = true;
    form.hidden = false;
    form.querySelector("select[name=partner]").focus();
  }

  // --- The place, when the person asks -----------------------------------------------------------
  var placeButton = form.querySelector(".place-button");
  var placeStatus = form.querySelector(".place-status");
  if (placeButton && navigator.geolocation) {
    placeButton.hidden = false;
    placeButton.addEventListener("click", function () {
      placeStatus.textContent = form.dataset.placeAsking;
      navigator.geolocation.getCurrentPosition(function (position) {
        var c = position.coords;
        placeField.value = c.latitude.toFixed(5) + ", " + c.longitude.toFixed(5);
        placeStatus.textContent = placeField.value + (c.accuracy ? " (± " + Math.round(c.accuracy) + " m)" : "");
        placeButton.hidden = true;
      }, function () {
        placeStatus.textContent = form.dataset.placeFailed;
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 300000 });
    });
  }

  // --- What waits on this phone -------------------------------------------------------------------
  if (!outbox || !section) return;
  var words = section.dataset;
  var months = (words.months || "").split(",");
  var list = section.querySelector(".outbox-list");
  var sectionStatus = section.querySelector(".outbox-status");

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return "";
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getDate() + " " + (months[d.getMonth()] || d.getMonth() + 1) + " " + d.getFullYear() + " " +
      two(d.getHours()) + (words.timeSeparator || ":") + two(d.getMinutes());
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  var pictures = []; // object URLs of the photos drawn, let go at the next drawing
  function draw(items) {
    items = items.filter(function (item) { return item.url === form.dataset.url; });
    section.hidden = !items.length;
    list.textContent = "";
    pictures.forEach(function (url) { URL.revokeObjectURL(url); });
    pictures = [];
    items.forEach(function (item) {
      var li = element("li", "outbox-item " + item.state);
      if (item.photo) {
        var img = element("img", "outbox-photo");
        img.src = URL.createObjectURL(item.photo);
        pictures.push(img.src);
        img.alt = item.photoName || "";
        li.appendChild(img);
      }
      var text = element("div", "outbox-text");
      text.appendChild(element("strong", "", item.sentence));
      text.appendChild(element("div", "small muted", [item.partnerName, when(item.madeAt), item.place].filter(Boolean).join(" · ")));
      var state = element("div", "small outbox-state");
      if (item.state === "refused") {
        var reason = (item.reason || []).join(" ") || words.refusedCode.replace("%s", item.code);
        state.textContent = words.refused + ": " + reason;
      } else {
        state.textContent = words.waiting;
      }
      text.appendChild(state);
      var actions = element("div", "actions");
      if (item.state === "refused") {
        var fix = element("button", "btn-secondary", words.fix);
        fix.type = "button";
        fix.addEventListener("click", function () { mend(item); });
        actions.appendChild(fix);
      }
      var discard = element("button", "btn-danger", words.discard);
      discard.type = "button";
      discard.addEventListener("click", function () {
        if (window.confirm(words.discardConfirm)) outbox.remove(item.id).then(refresh);
      });
      actions.appendChild(discard);
      text.appendChild(actions);
      li.appendChild(text);
      list.appendChild(li);
    });
  }

  function refresh() {
    return (window.MitraOffline ? window.MitraOffline.count() : outbox.mine(document.body.dataset.user)).then(draw);
  }

  // A refused capture back in the form: the same token, date and place; the person mends the field
  // named and sends it again.
  function mend(item) {
    reset();
    mending = item;
    submission.value = item.token;
    madeField.value = item.madeAt || "";
    placeField.value = item.place || "";
    if (item.place) { placeStatus.textContent = item.place; placeButton.hidden = true; }
    var partner = form.querySelector("select[name=partner]");
    partner.value = item.partner;
    if (partner.value !== String(item.partner)) partner.value = ""; // no longer among the partners
    form.querySelector("textarea[name=sentence]").value = item.sentence;
    if (item.photo && window.DataTransfer) {
      var file = new File([item.photo], item.photoName || "foto.jpg", { type: item.photo.type || "image/jpeg" });
      var carrier = new DataTransfer();
      carrier.items.add(file);
      input.files = carrier.files;
      chosen();
    }
    status.textContent = (item.reason || []).join(" ") || words.mending;
    form.scrollIntoView();
    (partner.value ? form.querySelector("textarea[name=sentence]") : partner).focus();
  }

  document.addEventListener("mitra:outbox", function (event) { draw(event.detail); });
  document.addEventListener("mitra:sending", function () { sectionStatus.textContent = words.sending; });
  document.addEventListener("mitra:sent", function (event) {
    var report = event.detail;
    sectionStatus.textContent =
      report.stopped === "offline" || report.stopped === "later" ? words.noSignal
      : report.stopped === "login" ? words.login
      : report.saved ? words.sent : "";
    arrived((report.urls || {})[keptToken]);
  });
  // The capture just kept has arrived (sent by this page, another, or the service worker): "Recorded".
  document.addEventListener("mitra:arrived", function (event) {
    if (event.detail.saved === keptToken) arrived(event.detail.url);
  });
  function arrived(url) {
    if (url && !document.querySelector(".recorded").hidden) recorded(url, false);
  }
  window.addEventListener("offline", function () { sectionStatus.textContent = words.noSignal; });
})();
