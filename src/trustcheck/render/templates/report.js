(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function apply() {
    var on = {};
    document.querySelectorAll("input[name=level]").forEach(function (box) {
      on[box.value] = box.checked;
    });
    var wanted = document.querySelector("select[name=section]").value;
    var shown = 0, total = 0;
    document.querySelectorAll("tr.element").forEach(function (row) {
      var show = on[row.dataset.level] !== false && (!wanted || row.dataset.section === wanted);
      row.hidden = !show;
      total += 1;
      if (show) { shown += 1; }
    });
    document.querySelectorAll("tbody.section").forEach(function (body) {
      body.hidden = body.querySelector("tr.element:not([hidden])") === null;
    });
    document.getElementById("shown").textContent = "Showing " + shown + " of " + total + " elements";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name=level], select[name=section]").forEach(function (input) {
      input.addEventListener("change", apply);
    });
    apply();
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
