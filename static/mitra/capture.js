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
//   and the hidden submission token stays the same, so a send that did arrive is not saved twice.
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

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

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
    if (tries >= MAX_TRIES) return fail(job, "");
    job.timer = setTimeout(function () { job.timer = null; resume(job, tries + 1); }, Math.min(8000, 500 * Math.pow(2, tries)));
  }

  function resume(job, tries) {
    fetch(form.dataset.uploadUrl + job.key + "/", { credentials: "same-origin", redirect: "error" }).then(function (response) {
      answerOf(response).then(function (answer) {
        if (response.ok && answer && typeof answer.received === "number") {
          job.received = answer.received;
          return pump(job, tries);
        }
        fail(job, "");
      });
    }, function () { retry(job, tries); });
  }
  // Back online: go on now instead of waiting out the pause.
  window.addEventListener("online", function () {
    if (upload && !upload.finished && upload.timer) {
      clearTimeout(upload.timer);
      upload.timer = null;
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
      if (request.status < 400 && next) {
        form.querySelectorAll("textarea, select").forEach(function (f) { localStorage.removeItem(key + ":" + f.name); });
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
    request.addEventListener("error", function () { done(form.dataset.failed); });
    request.addEventListener("timeout", function () { done(form.dataset.failed); });
    request.open("POST", form.action || location.href);
    request.setRequestHeader("HX-Request", "true");
    request.timeout = 180000;
    request.send(data);
  }

  function recorded(next) {
    var panel = document.querySelector(".recorded");
    var sentence = form.querySelector("textarea[name=sentence]");
    var partner = form.querySelector("select[name=partner]");
    panel.querySelector(".recorded-what").textContent =
      sentence.value.trim() + (partner && partner.selectedIndex > 0 ? " · " + partner.options[partner.selectedIndex].text : "");
    if (photo) {
      var img = panel.querySelector(".recorded-photo");
      img.src = preview.src;
      img.hidden = false;
    }
    panel.querySelector(".recorded-link").href = next;
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
})();
