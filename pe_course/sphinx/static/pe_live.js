/* pe-course: "Try it live" and "Open in JupyterLite" (see pe_course/sphinx/live.py).
 *
 * The page's HTML works without JavaScript (the buttons are hidden, the readable text and
 * the download links remain). With JavaScript each "Try it live" button, when pressed,
 * turns into a live scenario player in the page (from play/<id>.js: every point of every
 * path, rendered and scored at build time by pe_course), or, for a team tool, into the
 * in-browser Python REPL running the tool, in place. */
(function () {
  "use strict";

  // The REPL is same-origin: hide its code prompt (the learner never types code here)
  // and let the tool use the whole frame.
  const REPL_CSS = `
    .jp-CodeConsole-input, .jp-CodeConsole-promptCell, .jp-CodeConsole-banner,
    .jp-CodeConsole .lm-SplitPanel-handle, .jp-Cell-inputWrapper, .jp-OutputPrompt,
    .jp-Collapser, .jp-CellResizeHandle, .jp-PoweredBy { display: none !important; }
    .jp-CodeConsole-content {
      top: 0 !important; height: 100% !important; padding: 0.5rem 1rem !important;
    }
    .jp-OutputArea-output { overflow: visible !important; }
    .jp-StatusBar-Widget, .jp-StatusBar-GroupItem { display: none !important; }
    .pe-tool button:focus-visible, .pe-tool input:focus-visible,
    .pe-tool select:focus-visible {
      outline: 3px solid #c2410c !important; outline-offset: 2px;
    }
  `;
  const READY_SELECTOR = ".pe-tool";
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
          "page may help." + FALLBACK;
        return;
      }
    }
    if (elapsed > GIVE_UP_MS) {
      status.textContent = `The live ${what(iframe)} is taking too long to start; ` +
        "reloading the page may help." + FALLBACK;
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
    return (box && box.dataset.peLiveKind) || "tool";
  }

  const FALLBACK = " The pe-course command gives the same results.";

  // While Python starts, the box says so where the learner is looking: the status line
  // (announced once) sits above a small frame, with a visual count of seconds beside it
  // (not announced: a screen reader would hear it every second).
  function start(box, button) {
    const status = box.querySelector(".pe-live-status");
    const iframe = document.createElement("iframe");
    iframe.className = "pe-live-frame";
    iframe.title = box.dataset.peLiveTitle || "Live tool";
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


  // ---- The in-page scenario player --------------------------------------------------
  // play/<id>.js sets window.peScenarios[id] = {format, gzip}: base64 of gzipped JSON,
  // {header, note, tree: {pieces, nodes}}. Each node's HTML is a list of numbers into
  // `pieces` (pe_course.render.player.encode_tree). The player shows nodes and follows the
  // chosen child; it computes nothing.
  const PLAY_FORMAT = 1;
  const loaded = {};  // scenario id -> Promise of its unpacked data

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    });
  }

  async function unpack(entry) {
    if (!entry || entry.format !== PLAY_FORMAT) {
      throw new Error("the scenario's data is not in a format this page can read");
    }
    if (typeof DecompressionStream === "undefined") {
      throw new Error("this browser cannot unpack the scenario (it is too old)");
    }
    const bytes = Uint8Array.from(atob(entry.gzip), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const data = JSON.parse(await new Response(stream).text());
    const pieces = data.tree.pieces;
    const html = (numbers) => numbers.map((n) => pieces[n]).join("");
    data.nodes = data.tree.nodes.map((node) => ({
      meters: html(node.m), feedback: html(node.f),
      prompt: node.p ? html(node.p) : "", ending: node.e ? html(node.e) : "",
      choices: (node.c || []).map(([label, id, child]) => ({ label: html(label), id, child })),
    }));
    return data;
  }

  function loadScenario(id, src) {
    if (!loaded[id]) {
      const have = window.peScenarios && window.peScenarios[id];
      loaded[id] = (have ? Promise.resolve() : loadScript(src))
        .then(() => unpack(window.peScenarios && window.peScenarios[id]));
      loaded[id].catch(() => { delete loaded[id]; });  // a later press may try again
    }
    return loaded[id];
  }

  let players = 0;

  // Ids in the rendered HTML (the meters' labels, the chart's) are made unique per player
  // and per screen, with every reference to them.
  function uniqueIds(root, prefix) {
    const renamed = {};
    for (const el of root.querySelectorAll("[id]")) {
      renamed[el.id] = `${prefix}-${el.id}`;
      el.id = renamed[el.id];
    }
    for (const attr of ["aria-labelledby", "aria-describedby", "for"]) {
      for (const el of root.querySelectorAll(`[${attr}]`)) {
        el.setAttribute(attr, el.getAttribute(attr).split(/\s+/)
          .map((ref) => renamed[ref] || ref).join(" "));
      }
    }
  }

  function buildPlayer(box, data) {
    const n = ++players;
    const player = document.createElement("div");
    player.className = "pe-player pe-player-inline";
    player.setAttribute("role", "region");
    player.setAttribute("aria-label",
      box.dataset.peLiveTitle || `Live scenario player: ${data.title}`);
    player.innerHTML = data.header + data.note;
    const meters = document.createElement("div");
    const feedback = document.createElement("div");
    const step = document.createElement("div");
    const choices = document.createElement("fieldset");
    choices.className = "pe-choices-live";
    const confirm = document.createElement("button");
    confirm.type = "button";
    confirm.className = "pe-live-button pe-player-confirm";
    confirm.textContent = "Confirm choice";
    const ending = document.createElement("div");
    const again = document.createElement("button");
    again.type = "button";
    again.className = "pe-live-button pe-player-again";
    again.textContent = "Play again";
    const message = document.createElement("p");
    message.className = "pe-player-message";
    message.setAttribute("role", "status");
    player.append(meters, feedback, step, choices, confirm, ending, again, message);
    let node = null;
    let screen = 0;

    function show(index, focus) {
      node = data.nodes[index];
      const id = `pe-play${n}-${++screen}`;
      meters.innerHTML = node.meters;
      feedback.innerHTML = node.feedback;
      step.innerHTML = node.prompt;
      ending.innerHTML = node.ending;
      message.textContent = "";
      choices.innerHTML = "";
      const finished = !node.choices.length;
      if (!finished) {
        const legend = document.createElement("legend");
        legend.textContent = "Your choice:";
        choices.append(legend);
        node.choices.forEach((choice, i) => {
          const label = document.createElement("label");
          label.className = "pe-choice-live";
          const input = document.createElement("input");
          input.type = "radio";
          input.name = id;
          input.value = String(i);
          input.dataset.choice = choice.id;
          input.addEventListener("change", () => { message.textContent = ""; });
          const text = document.createElement("span");
          text.innerHTML = choice.label;
          label.append(input, text);
          choices.append(label);
        });
      }
      choices.hidden = confirm.hidden = finished;
      again.hidden = !finished;
      // A wide table (the path, step by step) scrolls in its own box on a narrow screen,
      // a box the keyboard can reach and scroll, named by the table's caption.
      for (const table of ending.querySelectorAll("table")) {
        const scroller = document.createElement("div");
        scroller.className = "pe-table-scroll";
        scroller.tabIndex = 0;
        scroller.setAttribute("role", "region");
        const caption = table.querySelector("caption");
        scroller.setAttribute("aria-label", caption ? caption.textContent : "Table");
        table.before(scroller);
        scroller.append(table);
      }
      uniqueIds(player, id);
      if (focus === "feedback") {
        const box = feedback.querySelector(".pe-feedback");
        if (box) {
          box.focus({ preventScroll: true });
          box.scrollIntoView({ block: "start", behavior: "auto" });
        }
      } else if (focus === "again") {
        again.focus();
      } else if (focus === "first") {
        const first = choices.querySelector("input");
        if (first) first.focus();
      }
    }

    confirm.addEventListener("click", () => {
      const picked = choices.querySelector("input:checked");
      if (!picked) {
        message.textContent = "Pick one of the choices first, then confirm.";
        return;
      }
      const next = node.choices[Number(picked.value)].child;
      show(next, data.nodes[next].choices.length ? "feedback" : "again");
    });
    again.addEventListener("click", () => show(0, "first"));
    return { player, show };
  }

  function startPlayer(box, button) {
    if (box.dataset.peStarting) return;  // pressed twice while loading
    box.dataset.peStarting = "1";
    const status = box.querySelector(".pe-live-status");
    const id = box.dataset.peScenario;
    status.textContent = "Loading the scenario…";
    loadScenario(id, box.dataset.pePlaySrc).then((data) => {
      const { player, show } = buildPlayer(box, data);
      button.hidden = true;
      status.after(player);
      show(0, "first");
      status.textContent = "The live scenario is ready.";
    }).catch((err) => {
      status.textContent = `The live scenario could not start (${err.message}).` +
        " The text below is the complete scenario.";
      delete box.dataset.peStarting;  // the button stays: pressing it tries again
    });
  }

  function init() {
    for (const box of document.querySelectorAll(".pe-live")) {
      const button = box.querySelector(".pe-live-button");
      const intro = box.querySelector(".pe-live-intro");
      if (!button) continue;
      if (box.dataset.pePlaySrc) {
        button.addEventListener("click", () => startPlayer(box, button));
      } else if (box.dataset.peLiveSrc) {
        button.addEventListener("click", () => start(box, button), { once: true });
      } else {
        continue;
      }
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
