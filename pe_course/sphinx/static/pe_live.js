/* pe-course: "Try it live" and "Open in JupyterLite" (see pe_course/sphinx/live.py).
 *
 * The page's HTML works without JavaScript (the buttons are hidden, the readable text and
 * the download links remain). With JavaScript each "Try it live" button, when pressed,
 * turns into the in-browser REPL running the scenario player, in place. */
(function () {
  "use strict";

  // The REPL is same-origin: hide its code prompt (the learner never types code here)
  // and let the player use the whole frame.
  const REPL_CSS = `
    .jp-CodeConsole-input, .jp-CodeConsole-promptCell, .jp-CodeConsole-banner,
    .jp-CodeConsole .lm-SplitPanel-handle, .jp-Cell-inputWrapper, .jp-OutputPrompt,
    .jp-Collapser, .jp-CellResizeHandle, .jp-PoweredBy { display: none !important; }
    .jp-CodeConsole-content {
      top: 0 !important; height: 100% !important; padding: 0.5rem 1rem !important;
    }
    .jp-OutputArea-output { overflow: visible !important; }
    .jp-StatusBar-Widget, .jp-StatusBar-GroupItem { display: none !important; }
    .pe-player .widget-html-content, .pe-player .widget-html-content * {
      line-height: 1.5 !important;
    }
    .pe-player .widget-radio-box label, .pe-player .jupyter-widget-radio-box label {
      display: flex; align-items: flex-start; gap: 0.5rem; height: auto; line-height: 1.4;
      padding: 0.2rem 0;
    }
    .pe-player .widget-radio-box input, .pe-player .jupyter-widget-radio-box input {
      order: -1; flex: none; float: none; height: auto; margin: 0.2rem 0 0 1px;
    }
    .pe-player button:focus-visible, .pe-player input:focus-visible,
    .pe-player .pe-feedback:focus-visible, .pe-tool button:focus-visible,
    .pe-tool input:focus-visible, .pe-tool select:focus-visible {
      outline: 3px solid #c2410c !important; outline-offset: 2px;
    }
    .pe-player .pe-feedback:focus { outline: 3px solid #c2410c; outline-offset: 2px; }
  `;
  const READY_SELECTOR = ".pe-player, .pe-tool";
  const ERROR_SELECTOR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']";
  const POLL_MS = 250;
  const SLOW_MS = 30000;
  const GIVE_UP_MS = 180000;

  // JupyterLab's console catches Enter (in its capture phase) to move to its code prompt,
  // hidden here, so Enter on the player's "Confirm choice" did nothing. Enter pressed in
  // the player stops before the console; the focused button still gets pressed.
  function keepEnterInPlayer(doc) {
    const view = doc.defaultView;
    if (!view || view.peEnterKept) return;
    view.peEnterKept = true;
    view.addEventListener("keydown", (event) => {
      const target = event.target;
      if (event.key === "Enter" && target.closest && target.closest(READY_SELECTOR)) {
        event.stopPropagation();
      }
    }, true);
  }

  // Chapter links inside the player or tool open in the page itself, not in its frame.
  function linksToTop(doc) {
    const view = doc.defaultView;
    if (!view || view.peLinksToTop) return;
    view.peLinksToTop = true;
    doc.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      if (!link || link.hasAttribute("download") || !link.closest(READY_SELECTOR)) return;
      event.preventDefault();
      window.location.href = link.href;
    });
  }

  // ipywidgets' radio buttons carry no name, so each is its own Tab stop and the arrow
  // keys run on past the last choice. Give each set of choices one name and a group
  // role, named by its visible label, so they behave (and are announced) as one group.
  function groupRadios(doc) {
    const view = doc.defaultView;
    if (!view || view.peRadiosGrouped) return;
    view.peRadiosGrouped = true;
    let serial = 0;
    const fix = () => {
      for (const box of doc.querySelectorAll(".pe-player .widget-radio-box")) {
        const inputs = box.querySelectorAll("input[type=radio]");
        if (!inputs.length || inputs[0].name) continue;
        if (!box.dataset.peGroup) box.dataset.peGroup = `pe-choices-${++serial}`;
        for (const input of inputs) input.name = box.dataset.peGroup;
        box.setAttribute("role", "radiogroup");
        const label = box.parentElement && box.parentElement.querySelector(":scope > label");
        if (label) {
          label.id = label.id || `${box.dataset.peGroup}-label`;
          box.setAttribute("aria-labelledby", label.id);
        }
      }
    };
    fix();
    new view.MutationObserver(fix).observe(doc.body, { childList: true, subtree: true });
  }

  // When the focused control leaves the page (the choices of a finished step, "Confirm
  // choice" at the ending, "Play again"), the browser drops the focus to the page body:
  // a keyboard user would have to find the player again. Then the focus goes to the
  // first choice (or "Play again" at the ending); the feedback is announced on its own.
  function keepFocusInPlayer(doc) {
    const view = doc.defaultView;
    if (!view || view.peFocusKept) return;
    view.peFocusKept = true;
    let lostFrom = null;  // the player's control that last lost the focus
    doc.addEventListener("focusout", (event) => {
      const target = event.target;
      lostFrom = target.closest && target.closest(".pe-player") ? target : null;
    }, true);
    doc.addEventListener("focusin", () => { lostFrom = null; }, true);
    new view.MutationObserver(() => {
      const active = doc.activeElement;
      if (!lostFrom || (active && active !== doc.body)) return;
      if (lostFrom.isConnected && !lostFrom.disabled) return;  // the learner moved away
      const player = doc.querySelector(".pe-player");
      const next = player && (player.querySelector("input[type=radio]") ||
        [...player.querySelectorAll("button")].find((b) => !b.disabled));
      if (next) next.focus();
    }).observe(doc.body, { childList: true, subtree: true, attributes: true });
  }

  // After "Confirm choice" the consequence appears above the next question: the focus goes
  // to it (it is announced, and in view on a phone), so a keyboard user reads what
  // happened before the next choices. At the ending the focus stays with "Play again".
  function focusConsequence(doc) {
    const view = doc.defaultView;
    if (!view || view.peConsequenceFocus) return;
    view.peConsequenceFocus = true;
    let last = "";
    new view.MutationObserver(() => {
      const player = doc.querySelector(".pe-player");
      const feedback = player && player.querySelector(".pe-feedback");
      // The ending may arrive just after the last consequence: then "Play again" takes
      // the focus (the score card is announced on its own).
      if (player && player.querySelector(".pe-summary") && doc.activeElement === feedback) {
        const again = [...player.querySelectorAll("button")].find(
          (button) => button.innerText.trim() === "Play again");
        if (again) again.focus();
      }
      const text = feedback ? feedback.innerText : "";
      if (!feedback || text === last) return;
      last = text;
      if (player.querySelector(".pe-summary")) return;
      feedback.setAttribute("tabindex", "-1");
      feedback.focus({ preventScroll: true });
      feedback.scrollIntoView({ block: "start", behavior: "auto" });
    }).observe(doc.body, { childList: true, subtree: true, characterData: true });
  }

  function styleRepl(iframe) {
    const doc = iframe.contentDocument;
    if (!doc || doc.getElementById("pe-live-style")) return;
    const style = doc.createElement("style");
    style.id = "pe-live-style";
    style.textContent = REPL_CSS;
    (doc.head || doc.documentElement).appendChild(style);
  }

  // Size the frame to the player, so the page scrolls and the frame never does.
  function fitToPlayer(iframe, player) {
    const cell = player.closest(".jp-Cell") || player;
    const fit = () => {
      const wanted = Math.ceil(cell.getBoundingClientRect().height) + 32;
      iframe.style.height = `${Math.max(wanted, 320)}px`;
    };
    fit();
    const view = iframe.contentWindow;
    if (view && view.ResizeObserver) new view.ResizeObserver(fit).observe(cell);
  }

  function watch(iframe, status, started) {
    const elapsed = Date.now() - started;
    let doc = null;
    try {
      doc = iframe.contentDocument;
    } catch (err) {
      doc = null;
    }
    if (doc) {
      styleRepl(iframe);
      const player = doc.querySelector(READY_SELECTOR);
      if (player) {
        keepEnterInPlayer(doc);
        linksToTop(doc);
        groupRadios(doc);
        keepFocusInPlayer(doc);
        focusConsequence(doc);
        fitToPlayer(iframe, player);
        window.clearInterval(Number(iframe.dataset.peTimer || 0));
        const elapsedBox = iframe.closest(".pe-live").querySelector(".pe-live-elapsed");
        if (elapsedBox) elapsedBox.textContent = "";
        status.textContent = `The live ${what(iframe)} is ready.`;
        iframe.dataset.peLiveReady = "1";
        const active = document.activeElement;
        if (active === iframe || active === document.body) {
          const first = player.querySelector("input, select, textarea, button:not([disabled])");
          if (first) first.focus();
        }
        return;
      }
      if (doc.querySelector(ERROR_SELECTOR)) {
        status.textContent = `The live ${what(iframe)} could not start; reloading the ` +
          "page may help." + fallback(iframe);
        return;
      }
    }
    if (elapsed > GIVE_UP_MS) {
      status.textContent = `The live ${what(iframe)} is taking too long to start; ` +
        "reloading the page may help." + fallback(iframe);
      return;
    }
    if (elapsed > SLOW_MS && !status.dataset.slow) {
      status.dataset.slow = "1";
      status.textContent = "Still starting Python in your browser, please wait…";
    }
    window.setTimeout(() => watch(iframe, status, started), POLL_MS);
  }

  function what(iframe) {
    const box = iframe.closest(".pe-live");
    return (box && box.dataset.peLiveKind) || "scenario";
  }

  function fallback(iframe) {
    return what(iframe) === "scenario" ? " The text below is the complete scenario."
      : " The pe-course command gives the same results.";
  }

  // While Python starts, the box says so where the learner is looking: the status line
  // (announced once) sits above a small frame, with a visual count of seconds beside it
  // (not announced: a screen reader would hear it every second).
  function start(box, button) {
    const status = box.querySelector(".pe-live-status");
    const iframe = document.createElement("iframe");
    iframe.className = "pe-live-frame";
    iframe.title = box.dataset.peLiveTitle || "Live scenario player";
    iframe.style.height = "8rem";
    iframe.addEventListener("load", () => styleRepl(iframe));
    iframe.src = box.dataset.peLiveSrc;
    status.textContent = "Starting Python in your browser. This takes a few seconds…";
    const elapsed = document.createElement("span");
    elapsed.className = "pe-live-elapsed";
    elapsed.setAttribute("aria-hidden", "true");
    status.after(elapsed);
    const began = Date.now();
    iframe.dataset.peTimer = String(window.setInterval(() => {
      if (!iframe.dataset.peLiveReady) {
        elapsed.textContent = `${Math.round((Date.now() - began) / 1000)} s`;
      }
    }, 1000));
    elapsed.after(iframe);
    button.hidden = true;
    // Keep keyboard users where the action is: the next Tab goes into the player.
    iframe.setAttribute("tabindex", "-1");
    iframe.focus();
    watch(iframe, status, Date.now());
  }

  function init() {
    for (const box of document.querySelectorAll(".pe-live")) {
      const button = box.querySelector(".pe-live-button");
      const intro = box.querySelector(".pe-live-intro");
      if (!button || !box.dataset.peLiveSrc) continue;
      button.addEventListener("click", () => start(box, button), { once: true });
      button.hidden = false;
      if (intro) intro.hidden = false;
    }
    for (const link of document.querySelectorAll(".pe-open-lite")) {
      link.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
