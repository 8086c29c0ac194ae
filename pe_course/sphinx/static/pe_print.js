/* Printing a book page: every closed <details> prints open, and each scenario step's
   consequences are moved after all its choices ("choose first, then see" on paper).
   Everything is put back after printing. */
(function () {
  "use strict";
  var opened = [];
  var added = [];
  var moved = [];

  function beforePrint() {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
    document.querySelectorAll(".pe-step").forEach(function (step) {
      var list = step.querySelector(".pe-choices");
      if (!list) { return; }
      var box = document.createElement("div");
      box.className = "pe-print-consequences";
      var heading = document.createElement("p");
      heading.className = "pe-print-heading";
      heading.textContent = "What happens after each choice";
      box.appendChild(heading);
      list.querySelectorAll(".pe-choice").forEach(function (item) {
        var details = item.querySelector("details.pe-consequence");
        var feedback = details && details.querySelector(".pe-feedback");
        if (!feedback) { return; }
        var one = document.createElement("div");
        one.className = "pe-print-consequence";
        var title = document.createElement("p");
        title.className = "pe-print-letter";
        title.textContent = details.querySelector("summary").textContent
          .replace("What happens if you choose", "If you choose");
        one.appendChild(title);
        one.appendChild(feedback.cloneNode(true));
        box.appendChild(one);
        details.classList.add("pe-print-moved");
        moved.push(details);
      });
      list.parentNode.insertBefore(box, list.nextSibling);
      added.push(box);
    });
  }

  function afterPrint() {
    opened.forEach(function (d) { d.open = false; });
    added.forEach(function (box) { box.remove(); });
    moved.forEach(function (d) { d.classList.remove("pe-print-moved"); });
    opened = []; added = []; moved = [];
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
})();
