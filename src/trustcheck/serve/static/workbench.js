// Keyboard shortcuts for the reviewer's workbench. Every action is also a plain link or form,
// so the pages work without this file; nothing here reads or writes report text.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function follow(id) {
    var link = document.getElementById(id);
    if (link) { window.location.assign(link.href); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target)) { return; }
    var override = document.getElementById("override-form");
    if (event.key === "a") {
      var accept = document.getElementById("accept-form");
      if (accept) { event.preventDefault(); accept.requestSubmit(); }
    } else if (event.key === "j") {
      follow("next");
    } else if (event.key === "k") {
      follow("prev");
    } else if (override && /^[1-9]$/.test(event.key)) {
      var radio = override.querySelector('input[data-key="' + event.key + '"]');
      if (radio) {
        event.preventDefault();
        radio.checked = true;
        document.getElementById("reason").focus();
      }
    }
  });

  // Queue filters apply as soon as one is chosen (the Filter button still works alone).
  var filters = document.querySelector("form.filters");
  if (filters) {
    filters.addEventListener("change", function () { filters.requestSubmit(); });
  }
})();
