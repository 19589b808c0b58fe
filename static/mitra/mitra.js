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

// A table of records stacks into cards on a phone (mitra.css, table.stack): each cell is labelled
// with its column's heading, here, so that templates write a table once. A heading only screen
// readers see (a column of buttons: "Hapus") labels no cell: the button says it already.
function labelCells(root) {
  root.querySelectorAll("table.stack").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      var seen = th.cloneNode(true);
      seen.querySelectorAll(".visually-hidden").forEach(function (hidden) { hidden.remove(); });
      return seen.textContent.trim();
    });
    // Stacked, a table is drawn as blocks, and some screen readers then stop reading it as a table:
    // its roles are said outright.
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("role", "columnheader"); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelCells(document); });

// A partner's contribution asks only what its kind needs: how many people and hours for people's time,
// how the value was estimated for what was not money. Without this script every field shows.
function contributionFields(root) {
  root.querySelectorAll("form[data-contribution]").forEach(function (form) {
    function box(name) {
      var input = form.querySelector('[name="' + name + '"]');
      return input && input.closest(".field");
    }
    function show() {
      var chosen = form.querySelector('input[name="kind"]:checked');
      var kind = chosen ? chosen.value : "";
      [["people", kind === "time"], ["hours", kind === "time"], ["valued_how", kind !== "cash"]].forEach(function (rule) {
        var field = box(rule[0]);
        if (field) field.hidden = !rule[1] && !field.classList.contains("has-error");
      });
    }
    form.addEventListener("change", show);
    show();
  });
}
document.addEventListener("DOMContentLoaded", function () { contributionFields(document); });
document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });

// "Copy": the link into the clipboard, said aloud in the status line beside it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.querySelector(button.dataset.copy);
  var note = button.closest(".share") && button.closest(".share").querySelector(".copied-note");
  function done() { if (note) note.textContent = button.dataset.copied; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
  } else {
    field.select();
    if (document.execCommand("copy")) done();
  }
});
