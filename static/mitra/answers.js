// Answers by link on a weak connection: what is typed or chosen is kept on the phone until the
// school has received it, so a failed send or a reload loses nothing.
(function () {
  var sent = document.querySelector("[data-sent]");
  if (sent) { try { localStorage.removeItem(sent.dataset.sent); } catch (e) {} return; }
  var form = document.querySelector("form[data-keep]");
  if (!form) return;
  var key = form.dataset.keep;
  function save() {
    var kept = {};
    form.querySelectorAll("input, textarea").forEach(function (el) {
      if (!el.name || el.type === "hidden") return;
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) (kept[el.name] = kept[el.name] || []).push(el.value);
      } else if (el.value) { kept[el.name] = el.value; }
    });
    try { localStorage.setItem(key, JSON.stringify(kept)); } catch (e) {}
  }
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) {}
  // A page the server sent back with errors already holds the answers; keep the server's copy.
  if (kept && !form.querySelector(".errorlist")) {
    form.querySelectorAll("input, textarea").forEach(function (el) {
      if (!(el.name in kept) || el.type === "hidden") return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = kept[el.name].indexOf(el.value) !== -1;
      else el.value = kept[el.name];
    });
  }
  form.querySelector(".keep-note").hidden = false;
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  var errors = form.querySelector(".has-error");
  if (errors) errors.scrollIntoView({ block: "center" });
})();
