// Recording an activity on a phone over a slow connection. The form works without this script;
// with it: the photo is scaled down in the phone before sending (a 4 MB camera photo becomes about
// 300 KB), progress is shown, and when the connection drops nothing is lost — the text, the partner
// and the photo stay in the form (and the text survives a reload), ready to send again. The hidden
// submission token stays the same, so a send that did arrive is not saved twice.
(function () {
  var form = document.querySelector("form[data-capture]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var preview = form.querySelector(".photo-preview");
  var status = form.querySelector(".capture-status");
  var progress = form.querySelector(".capture-progress");
  var button = form.querySelector("button[type=submit]");
  var key = form.dataset.draftKey;
  var MAX_SIDE = 1600;
  var photo = null; // the scaled photo, kept in memory across failed sends

  // Keep the typed fields through a reload or a lost connection.
  form.querySelectorAll("textarea, select").forEach(function (field) {
    var saved = window.localStorage && localStorage.getItem(key + ":" + field.name);
    if (saved && !field.value) field.value = saved;
    field.addEventListener("input", function () { localStorage.setItem(key + ":" + field.name, field.value); });
  });

  function scale(file) {
    return new Promise(function (resolve) {
      if (!file || !/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) return resolve(file);
      createImageBitmap(file).then(function (bitmap) {
        var ratio = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        if (ratio === 1 && file.size < 1024 * 1024) return resolve(file);
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * ratio);
        canvas.height = Math.round(bitmap.height * ratio);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(blob ? new File([blob], name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.82);
      }).catch(function () { resolve(file); });
    });
  }

  function chosen() {
    var file = input.files && input.files[0];
    photo = null;
    if (!file) { preview.hidden = true; return; }
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    scale(file).then(function (scaled) { photo = scaled; });
  }
  input.addEventListener("change", chosen);
  // A photo taken before this script ran (a quick tap on a slow phone, or the browser giving the form
  // back after "back") is shown and scaled as well: its "change" came before anyone listened.
  if (input.files && input.files.length) chosen();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    event.stopImmediatePropagation(); // this form's double-tap guard is the disabled button below
    if (button.disabled) return;
    var data = new FormData(form);
    var file = input.files && input.files[0];
    (file && !photo ? scale(file) : Promise.resolve(photo)).then(function (scaled) {
      if (scaled) { photo = scaled; data.set(input.name, scaled, scaled.name); }
      send(data);
    });
  }, true);

  function send(data) {
    var request = new XMLHttpRequest();
    button.disabled = true;
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
        window.location.assign(next);
        return;
      }
      // The server refused something: show its messages, keep everything here.
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var errors = Array.prototype.map.call(page.querySelectorAll(".errorlist li, .messages li"), function (li) { return li.textContent; });
      done(errors.join(" ") || form.dataset.failed);
    });
    request.addEventListener("error", function () { done(form.dataset.failed); });
    request.addEventListener("timeout", function () { done(form.dataset.failed); });
    request.open("POST", form.action || location.href);
    request.setRequestHeader("HX-Request", "true");
    request.timeout = 180000;
    request.send(data);
  }

  function done(message) {
    button.disabled = false;
    progress.hidden = true;
    status.textContent = message;
  }
})();
