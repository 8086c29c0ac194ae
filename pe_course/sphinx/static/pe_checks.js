/* pe-course: knowledge checks (pe_course/render/knowledge.py, pe_course/sphinx/knowledge.py).
 *
 * Without JavaScript each question is a plain form whose answer and explanations sit in
 * a <details> under it. This script shows the "Check my answer" button and, when it is
 * pressed, says in the question's aria-live region whether the chosen option(s) are right
 * and why, and marks each chosen option with the words "Correct" or "Not quite" (not by
 * colour alone). What is right, and why, is read from the <details> on the page: nothing
 * is fetched and nothing is sent. The <details> stays available. */
(function () {
  "use strict";

  const VERDICT = { true: "Correct", false: "Not quite" };

  // option id -> {correct, explanation}, from the answer's list items.
  function answerKey(form) {
    const key = new Map();
    form.querySelectorAll(".pe-check-answer li[data-pe-option]").forEach((item) => {
      const explanation = item.querySelector(".pe-check-explanation");
      key.set(item.dataset.peOption, {
        correct: item.dataset.peCorrect === "true",
        explanation: explanation ? explanation.textContent.trim() : "",
      });
    });
    return key;
  }

  function letterOf(input) {
    const option = input.closest(".pe-check-option");
    const letter = option && option.querySelector(".pe-check-letter");
    return letter ? letter.textContent.trim() : "";
  }

  function clearMarks(form) {
    form.querySelectorAll(".pe-check-mark").forEach((mark) => mark.remove());
    form.querySelectorAll(".pe-check-option").forEach((option) => {
      option.classList.remove("pe-check-right", "pe-check-wrong");
    });
    form.querySelectorAll(".pe-check-options input").forEach((input) => {
      input.removeAttribute("aria-describedby");
    });
  }

  // "Correct" or "Not quite" after a chosen option, read with it when it has the focus.
  function markOption(input, right) {
    const option = input.closest(".pe-check-option");
    if (!option) return;
    option.classList.add(right ? "pe-check-right" : "pe-check-wrong");
    const mark = document.createElement("span");
    mark.className = "pe-check-mark";
    mark.id = input.id + "-mark";
    mark.textContent = VERDICT[right];
    option.appendChild(mark);
    input.setAttribute("aria-describedby", mark.id);
  }

  function paragraph(strong, text) {
    const p = document.createElement("p");
    const b = document.createElement("strong");
    b.textContent = strong;
    p.appendChild(b);
    if (text) p.appendChild(document.createTextNode(" " + text));
    return p;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // What the live region says for the chosen inputs (an array of <p>).
  function feedbackFor(form, chosen) {
    const key = answerKey(form);
    const multiple = form.dataset.peKind === "multiple";
    if (!chosen.length) {
      return [paragraph(multiple ? "Choose at least one answer first." : "Choose an answer first.")];
    }
    const results = chosen.map((input) => ({ input, ...(key.get(input.value) || {}) }));
    results.forEach((r) => markOption(r.input, !!r.correct));
    const again = "Try again, or open \u201cShow the answer and why\u201d below.";
    if (!multiple) {
      const r = results[0];
      return [paragraph(VERDICT[!!r.correct] + ".", r.explanation + (r.correct ? "" : " " + again))];
    }
    const wrong = results.filter((r) => !r.correct).length;
    const rightTotal = Array.from(key.values()).filter((a) => a.correct).length;
    const missed = rightTotal - (results.length - wrong);
    let summary;
    if (!wrong && !missed) {
      summary = paragraph("Correct.", "You chose every right answer.");
    } else {
      const parts = [];
      if (wrong) parts.push(plural(wrong, "of your choices is not right", "of your choices are not right"));
      if (missed) parts.push("there " + (missed === 1 ? "is 1 more right answer" : "are " + missed + " more right answers") + " to find");
      summary = paragraph("Not quite:", parts.join("; ") + ". " + again);
    }
    return [summary].concat(results.map((r) =>
      paragraph(letterOf(r.input) + " " + VERDICT[!!r.correct] + ".", r.explanation)));
  }

  function show(region, nodes) {
    // Empty first, then fill: a screen reader announces the new text even when a learner
    // checks the same answer twice.
    region.replaceChildren();
    window.setTimeout(() => region.replaceChildren(...nodes), 50);
  }

  function setUp(form) {
    const button = form.querySelector(".pe-check-button");
    const region = form.querySelector(".pe-check-feedback");
    if (!button || !region || form.dataset.peReady) return;
    form.dataset.peReady = "1";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearMarks(form);
      const chosen = Array.from(form.querySelectorAll(".pe-check-options input:checked"));
      show(region, feedbackFor(form, chosen));
    });
    // A changed answer has not been checked yet: its old marks and feedback go.
    form.addEventListener("change", () => {
      clearMarks(form);
      region.replaceChildren();
    });
    button.disabled = false;
    button.hidden = false;
  }

  function setUpAll() {
    document.querySelectorAll("form.pe-check").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
