// Mitra's only script of its own: ask before destructive actions, and stop a double tap from
// sending a form twice (the server also recognises a repeated form).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  if (form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  // A page restored from the back/forward cache must be usable again.
  window.addEventListener("pageshow", function () {
    delete form.dataset.sent;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  }, { once: true });
});

document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// "Share on WhatsApp": note the message in the partner's communication log as WhatsApp opens.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-log]");
  if (!link) return;
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var body = new FormData();
  body.append("kind", link.dataset.logKind);
  body.append("partner", link.dataset.logPartner);
  fetch(link.dataset.log, {
    method: "POST", body: body, keepalive: true, credentials: "same-origin",
    headers: { "X-CSRFToken": token ? token.value : "" },
  });
});
