/* pe-course present view: one step per screen, the room votes, the facilitator reveals.
 *
 * The page scores nothing itself: every result (meters, costs, ending, serious harm) is
 * read from the tree that pe_course.scoring computed at build time (#pe-data). The
 * room's vote counts stay in this page (counts only, never names). Text from the data
 * is only ever set as text. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("pe-data").textContent);
  var T = D.tree;
  var L = D.letters;
  var screen = document.getElementById("pe-screen");
  var where = document.getElementById("pe-where");
  var status = document.getElementById("pe-status");
  var overlay = document.getElementById("pe-overlay");
  var blank = document.getElementById("pe-blank");
  var S;
  var lastFocus = null;

  function reset() {
    // turns: one per decision made: {node, pick (index into node.o), votes (counts or null)}
    S = { screen: "start", node: 0, turns: [], picked: null, revealed: false,
          votes: null, voteLog: [], tie: null, mode: null };
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    for (key in attrs || {}) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "hidden") { node.hidden = !!attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    }
    function add(child) {
      if (child === null || child === undefined || child === false) { return; }
      if (Array.isArray(child)) { child.forEach(add); return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    for (var i = 2; i < arguments.length; i++) { add(arguments[i]); }
    return node;
  }

  function say(text) {
    // Re-set so a repeated message is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
    status.setAttribute("data-text", text);
  }

  function node() { return T[S.node]; }
  function step() { return D.steps[node().s]; }
  function offered() {
    var st = step();
    return node().o.map(function (pair) { return st.choices[pair[0]]; });
  }
  function promptOf(n) {
    var st = D.steps[n.s];
    return n.v < 0 ? st.prompt : st.variants[n.v];
  }
  function sum(list) { return list.reduce(function (a, b) { return a + b; }, 0); }
  function split(votes) {
    // The room was split when the most-voted choice had less than two thirds of the votes.
    if (!votes) { return false; }
    var total = sum(votes);
    return total > 0 && Math.max.apply(null, votes) * 3 < total * 2;
  }
  function signed(n) { return n > 0 ? "+" + n : n < 0 ? "\u2212" + (-n) : "0"; }
  function whose() { return D.asPartner ? "Your" : "The partner's"; }
  function costsText(k) { return "time " + k[0] + ", money " + k[1] + ", effort " + k[2]; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function tallyText(votes) {
    return votes.map(function (v, i) { return L[i] + " " + v; }).join(", ");
  }

  /* ---------- screens ---------- */

  function renderStart() {
    where.textContent = "Problem statement: " + D.statements.join(", ");
    var parts = [el("h2", { id: "pe-screen-h", tabindex: "-1", text: D.title })];
    if (D.summary) { parts.push(el("p", { "class": "pe-prompt", text: D.summary })); }
    if (D.contentNote) {
      parts.push(el("p", { "class": "pe-note" }, el("strong", { text: "Content note: " }),
                    D.contentNote));
    }
    parts.push(el("p", { text: D.asPartner
      ? "Everyone plays the patient partner. You start with trust " + D.start[0] +
        " in the team and energy " + D.start[1] + ", out of 100. None of these choices is wrong."
      : "The patient partner starts with trust " + D.start[0] + " and energy " + D.start[1] +
        ", out of 100. Each choice moves them, and costs the team time, money or effort." }));
    parts.push(el("p", { "class": "pe-small",
      text: "Press \u2192 or Space to begin. Press ? for the keys." }));
    return parts;
  }

  function choiceButton(i, choice, votes) {
    var picked = S.picked === i;
    var label = el("span", { "class": "pe-choice-text" }, choice.label);
    if (picked) {
      label.appendChild(el("span", { "class": "pe-chosen-tag", text: "  \u2714 the room's choice" }));
    }
    if (votes && sum(votes) > 0) {
      var max = Math.max.apply(null, votes);
      var width = max ? Math.round(100 * votes[i] / max) : 0;
      label.appendChild(el("span", { "class": "pe-tally" },
        el("span", { "class": "pe-bar-row" },
          el("span", { "class": "pe-bar", style: "width:" + (width * 0.6) + "%",
                       "aria-hidden": "true" }),
          el("span", { text: plural(votes[i], "vote") }))));
    }
    var button = el("button", { type: "button", "class": "pe-choice", "data-pick": String(i),
                                "aria-pressed": picked ? "true" : "false",
                                "aria-keyshortcuts": L[i] + " " + (i + 1) },
      el("span", { "class": "pe-letter", "aria-hidden": "true", text: L[i] }),
      el("span", { "class": "pe-visually-hidden", text: L[i] + ". " }), label);
    return el("li", {}, button);
  }

  function votePanel() {
    var rows = offered().map(function (choice, i) {
      var id = "pe-vote-" + i;
      return el("div", { "class": "pe-vote-row" },
        el("label", { "for": id, text: L[i] }),
        el("input", { id: id, type: "number", min: "0", step: "1", inputmode: "numeric",
                      value: String(S.votes[i]), "data-vote": String(i),
                      "aria-label": "Votes for " + L[i] }),
        el("button", { type: "button", "data-vote-less": String(i),
                       "aria-label": "One vote fewer for " + L[i], text: "\u2212" }),
        el("button", { type: "button", "data-vote-more": String(i),
                       "aria-label": "One vote more for " + L[i], text: "+" }));
    });
    return el("section", { "class": "pe-vote-panel", "aria-labelledby": "pe-vote-h" },
      el("h3", { id: "pe-vote-h", text: "The room's vote: " + plural(sum(S.votes), "vote") }),
      el("p", { "class": "pe-small", text: "Count the hands or voting cards. Press a " +
        "choice's letter or number once per vote; Backspace takes the last one back. " +
        "Enter plays the choice with most votes (a tie goes to you). Escape leaves the vote." }),
      el("div", {}, rows),
      el("p", { "class": "pe-actions" },
        el("button", { type: "button", "data-key": "count", text: "Play the room's choice (Enter)" })));
  }

  function revealPanel() {
    var here = node();
    var pair = here.o[S.picked];
    var choice = step().choices[pair[0]];
    var next = T[pair[1]];
    var k = [0, 1, 2].map(function (j) { return next.k[j] - here.k[j]; });
    var parts = [el("h3", { id: "pe-reveal-h", text: "What happens after " + L[S.picked] }),
                 el("p", { text: choice.feedback }),
                 el("p", { "class": "pe-meters",
                   text: whose() + " trust " + here.m[0] + " \u2192 " + next.m[0] + " (" +
                         signed(next.m[0] - here.m[0]) + "), energy " + here.m[1] + " \u2192 " +
                         next.m[1] + " (" + signed(next.m[1] - here.m[1]) + ")." }),
                 el("p", { text: "What it cost the team: " + costsText(k) +
                                  " (0 none to 3 a lot each)." })];
    if (choice.harm) {
      parts.push(el("p", { "class": "pe-harm",
        text: "Serious harm: " + choice.harm + " A path with this choice cannot reach the best ending." }));
    }
    parts.push(el("p", { "class": "pe-small", text: next.e !== undefined
      ? "Press \u2192 for the ending." : "Press \u2192 for the next decision." }));
    return el("section", { "class": "pe-reveal", "aria-labelledby": "pe-reveal-h" }, parts);
  }

  function renderStep() {
    var n = S.turns.length + 1;
    // The scenario cards number steps as the file does; the room's path skips some.
    where.textContent = "Decision " + n + " (step " + (node().s + 1) + " of " + D.steps.length +
      " on the scenario cards) \u00b7 " + whose() + " trust " + node().m[0] +
      ", energy " + node().m[1] + " \u00b7 team's costs so far: " + costsText(node().k);
    var parts = [el("h2", { id: "pe-screen-h", tabindex: "-1", text: "Decision " + n }),
                 el("p", { "class": "pe-prompt", text: promptOf(node()) })];
    if (S.tie) {
      parts.push(el("p", { "class": "pe-note", text: "A tie between " +
        S.tie.map(function (i) { return L[i]; }).join(" and ") +
        ": the facilitator picks one of them." }));
    }
    var votes = S.votes;
    parts.push(el("ol", { "class": "pe-choices", "aria-label": "Choices" },
      offered().map(function (c, i) { return choiceButton(i, c, votes); })));
    if (S.mode === "vote") { parts.push(votePanel()); }
    if (S.revealed) { parts.push(revealPanel()); }
    else if (S.mode !== "vote") {
      parts.push(el("p", { "class": "pe-small", text: S.picked === null
        ? "The room decides: press V to count a vote, or A\u2013" + L[node().o.length - 1] +
          " to pick. Then R or \u2192 reveals what happens."
        : "Press R or \u2192 to reveal what happens." }));
    }
    return parts;
  }

  function renderEnd() {
    var end = node();
    var ending = D.endings[end.e];
    where.textContent = "The ending, after " + plural(S.turns.length, "decision");
    var path = S.turns.map(function (turn, i) {
      var n = T[turn.node];
      var choice = D.steps[n.s].choices[n.o[turn.pick][0]];
      var line = "Decision " + (i + 1) + " (card step " + (n.s + 1) + "): " + L[turn.pick] +
        ". " + choice.label;
      if (turn.votes && sum(turn.votes) > 0) {
        line += " (the room's vote: " + tallyText(turn.votes) + (split(turn.votes) ? "; split)" : ")");
      }
      return el("li", { "data-choice": choice.id, text: line });
    });
    var splits = [];
    S.turns.forEach(function (turn, i) { if (split(turn.votes)) { splits.push(i + 1); } });
    var voted = S.turns.some(function (turn) { return turn.votes && sum(turn.votes) > 0; });
    var harms = end.b.map(function (i) {
      var n = T[S.turns[i].node];
      var choice = D.steps[n.s].choices[n.o[S.turns[i].pick][0]];
      return el("li", { text: "Decision " + (i + 1) + ": " + choice.harm });
    });
    var parts = [
      el("h2", { id: "pe-screen-h", tabindex: "-1", "class": "pe-ending-title",
                 "data-ending": ending.id, text: "The ending: " + ending.title }),
      el("p", { text: ending.text }),
      el("p", { "class": "pe-meters", "data-meters": end.m.join(","),
        text: whose() + " trust: " + D.start[0] + " \u2192 " + end.m[0] + ". Energy: " +
              D.start[1] + " \u2192 " + end.m[1] + " (out of 100)." }),
      el("p", { "data-costs": end.k.join(","),
        text: "What the path cost the team: " + costsText(end.k) +
              " (each choice 0 none to 3 a lot: the course's own scale)." })];
    if (harms.length) {
      parts.push(el("h3", { text: "Serious harm put the best ending out of reach" }),
                 el("ul", { "class": "pe-path" }, harms));
    }
    parts.push(el("h3", { text: "The room's path" }), el("ol", { "class": "pe-path" }, path));
    parts.push(el("p", { "data-split": splits.join(","), text: !voted
      ? "No votes were counted."
      : splits.length
        ? "The room was split at decision" + (splits.length > 1 ? "s " : " ") +
          (splits.length > 1 ? splits.slice(0, -1).join(", ") + " and " + splits[splits.length - 1]
                             : splits[0]) +
          " (the choice played had less than two thirds of the votes). Those are good steps to talk about."
        : "The room was not split at any counted vote." }));
    parts.push(el("p", { "class": "pe-actions" },
      el("button", { type: "button", "data-key": "restart", text: "Start again (Home)" })));
    return parts;
  }

  function render(focus) {
    screen.textContent = "";
    var parts = S.screen === "start" ? renderStart()
      : S.screen === "end" ? renderEnd() : renderStep();
    parts.forEach(function (p) { screen.appendChild(p); });
    document.body.setAttribute("data-screen", S.screen);
    if (focus) {
      var h = document.getElementById("pe-screen-h");
      if (h) { h.focus({ preventScroll: false }); }
    }
    if (S.mode === "vote" && focus !== false) {
      var panel = screen.querySelector(".pe-vote-panel");
      if (panel) { panel.scrollIntoView({ block: "nearest" }); }
    }
  }

  /* ---------- actions ---------- */

  function next() {
    if (S.screen === "start") { S.screen = "step"; render(true); say("Decision 1."); return; }
    if (S.screen === "end") { say("This is the end. Press \u2190 to go back, or Home to start again."); return; }
    if (S.mode === "vote") { countVote(); return; }
    if (S.picked === null) { say("Pick a choice first (A\u2013D), or count the room's vote (V)."); return; }
    if (!S.revealed) { reveal(); return; }
    var child = node().o[S.picked][1];
    S.turns.push({ node: S.node, pick: S.picked, votes: S.votes });
    S.node = child; S.picked = null; S.revealed = false; S.votes = null; S.voteLog = []; S.tie = null;
    if (T[child].e !== undefined) {
      S.screen = "end"; render(true); say("The ending: " + D.endings[T[child].e].title);
    } else {
      render(true); say("Decision " + (S.turns.length + 1) + ".");
    }
  }

  function back() {
    if (S.mode) { leaveMode(); return; }
    if (S.screen === "start") { say("This is the start."); return; }
    if (S.screen === "step" && S.revealed) { S.revealed = false; render(); say("Hidden again."); return; }
    if (S.screen === "step" && S.picked !== null) { S.picked = null; render(); say("Choice cleared."); return; }
    if (!S.turns.length) { S.screen = "start"; render(true); say("The start."); return; }
    var turn = S.turns.pop();
    S.node = turn.node; S.picked = turn.pick; S.votes = turn.votes; S.voteLog = [];
    S.revealed = true; S.tie = null; S.screen = "step";
    render(true); say("Back to decision " + (S.turns.length + 1) + ".");
  }

  function pick(i) {
    if (S.screen !== "step") { return; }
    if (i >= node().o.length) { say("There is no choice " + L[i] + " here."); return; }
    if (S.revealed) { say("Already revealed. Press \u2190 to change the choice."); return; }
    if (S.tie && S.tie.indexOf(i) < 0) {
      say("Pick one of the tied choices: " + S.tie.map(function (j) { return L[j]; }).join(" or ") + ".");
      return;
    }
    S.picked = i; S.tie = null; render();
    say("Chosen: " + L[i] + ". " + offered()[i].label);
  }

  function startVote() {
    if (S.screen !== "step") { say("Votes are counted on a decision."); return; }
    if (S.revealed) { say("Already revealed. Press \u2190 to vote again."); return; }
    S.mode = "vote"; S.tie = null; S.picked = null;
    if (!S.votes) { S.votes = node().o.map(function () { return 0; }); }
    S.voteLog = [];
    render(); say("Counting the room's vote. Press a choice's letter once per vote, then Enter.");
  }

  function addVote(i, delta) {
    if (i >= S.votes.length) { say("There is no choice " + L[i] + " here."); return; }
    if (delta < 0 && S.votes[i] === 0) { return; }
    S.votes[i] += delta;
    if (delta > 0) { S.voteLog.push(i); }
    render(false);
    say(L[i] + ": " + plural(S.votes[i], "vote") + ".");
  }

  function undoVote() {
    var i = S.voteLog.pop();
    if (i === undefined) { say("No vote to take back."); return; }
    addVote(i, -1);
  }

  function countVote() {
    var total = sum(S.votes);
    if (!total) { say("No votes counted yet. Press a choice's letter once per vote."); return; }
    var max = Math.max.apply(null, S.votes);
    var top = [];
    S.votes.forEach(function (v, i) { if (v === max) { top.push(i); } });
    S.mode = null;
    if (top.length === 1) {
      S.picked = top[0]; render(true);
      say("The room chose " + L[top[0]] + " (" + tallyText(S.votes) + "). Press R to reveal.");
    } else {
      S.tie = top; render(true);
      say("A tie between " + top.map(function (i) { return L[i]; }).join(" and ") +
          ". The facilitator picks one of them.");
    }
  }

  function reveal() {
    if (S.screen !== "step") { return; }
    if (S.mode === "vote") { say("Finish the vote first: Enter, or Escape."); return; }
    if (S.picked === null) { say("Pick a choice first (A\u2013D), or count the room's vote (V)."); return; }
    if (S.revealed) { return; }
    S.revealed = true; render();
    var panel = screen.querySelector(".pe-reveal");
    if (panel) { panel.scrollIntoView({ block: "nearest" }); }
    say("What happens after " + L[S.picked] + ": " + offered()[S.picked].feedback);
  }

  function dialog(title, body) {
    lastFocus = document.activeElement;
    overlay.textContent = "";
    var box = el("div", { "class": "pe-dialog", role: "dialog", "aria-modal": "true",
                          "aria-labelledby": "pe-dialog-h", tabindex: "-1" },
      el("h2", { id: "pe-dialog-h", text: title }), body,
      el("p", { "class": "pe-actions" },
        el("button", { type: "button", "data-key": "close", text: "Close (Esc)" })));
    overlay.appendChild(box);
    overlay.hidden = false;
    box.focus();
  }

  function pressure() {
    if (S.mode === "pressure") { leaveMode(); return; }
    if (S.screen !== "step") { say("The pressure is shown on a decision."); return; }
    S.mode = "pressure";
    dialog("For the facilitator: the pressure at decision " + (S.turns.length + 1),
           el("p", { text: step().pressure || "This step names no pressure." }));
  }

  var KEYS = [["\u2192, Space, Page Down", "Next: reveal what happens, then go on"],
              ["\u2190, Page Up", "Back"],
              ["A\u2013D or 1\u20134", "Pick a choice (in a vote: one more vote for it)"],
              ["V", "Count the room's vote (counts only, no names)"],
              ["Enter", "In a vote: play the choice with most votes"],
              ["Backspace", "In a vote: take the last vote back"],
              ["R", "Reveal what happens"],
              ["P", "The step's competing pressure (for the facilitator)"],
              [". (full stop)", "Blank the screen, or show it again"],
              ["F", "Full screen"],
              ["Home", "Start again"],
              ["Esc", "Leave a vote, a note or this help"],
              ["?", "These keys"]];

  function help() {
    if (S.mode === "help") { leaveMode(); return; }
    S.mode = "help";
    var rows = KEYS.map(function (k) {
      return el("tr", {}, el("th", { scope: "row", text: k[0] }), el("td", { text: k[1] }));
    });
    dialog("Keys", el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Key" }),
                                   el("th", { scope: "col", text: "What it does" }))),
      el("tbody", {}, rows)));
  }

  function leaveMode() {
    var mode = S.mode;
    S.mode = null;
    if (mode === "help" || mode === "pressure") {
      overlay.hidden = true; overlay.textContent = "";
      if (lastFocus && document.contains(lastFocus)) { lastFocus.focus(); }
      say("Closed.");
    } else if (mode === "vote") {
      render(true); say("Left the vote. The counts are kept.");
    } else if (mode === "blank") {
      blank.hidden = true; say("Screen shown again.");
    }
  }

  function toggleBlank() {
    if (S.mode === "blank") { leaveMode(); return; }
    if (S.mode) { leaveMode(); }
    S.mode = "blank"; blank.hidden = false; say("Screen blank.");
  }

  function fullScreen() {
    var doc = document;
    try {
      if (doc.fullscreenElement) { doc.exitFullscreen(); say("Left full screen."); }
      else if (doc.documentElement.requestFullscreen) {
        var p = doc.documentElement.requestFullscreen();
        if (p && p.catch) { p.catch(function () { say("This browser refused full screen: try F11."); }); }
        say("Full screen.");
      } else { say("This browser has no full screen here: try F11."); }
    } catch (err) { say("This browser refused full screen: try F11."); }
  }

  function restart() { if (S.mode) { leaveMode(); } reset(); render(true); say("Started again."); }

  var ACTIONS = { next: next, back: back, vote: startVote, reveal: reveal, pressure: pressure,
                  blank: toggleBlank, full: fullScreen, help: help, count: countVote,
                  close: leaveMode, restart: restart };

  /* ---------- keys and buttons ---------- */

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var key = ev.key;
    var target = ev.target;
    var tag = target && target.tagName;
    if (S.mode === "blank") {  // like presentation software: a key shows the screen again
      if (key !== "Shift") { ev.preventDefault(); leaveMode(); }
      return;
    }
    if (tag === "INPUT") {
      if (key === "Enter") { ev.preventDefault(); countVote(); }
      else if (key === "Escape") { ev.preventDefault(); leaveMode(); }
      return;
    }
    // A focused button keeps its own Space and Enter (keyboard users tab to buttons).
    if (tag === "BUTTON" && (key === " " || key === "Enter")) { return; }
    if (S.mode === "help" || S.mode === "pressure") {
      if (key === "Escape" || (key === "?" && S.mode === "help") ||
          ((key === "p" || key === "P") && S.mode === "pressure")) { ev.preventDefault(); leaveMode(); }
      else if (key === "Tab") {  // stay in the dialog: its one control is Close
        ev.preventDefault();
        var close = overlay.querySelector('[data-key="close"]');
        if (close) { close.focus(); }
      }
      return;
    }
    var lower = key.length === 1 ? key.toLowerCase() : key;
    var letter = "abcd".indexOf(lower);
    var digit = "1234".indexOf(key);
    var choice = key.length === 1 ? (letter >= 0 ? letter : digit) : -1;
    if (S.mode === "vote") {
      if (choice >= 0) { ev.preventDefault(); addVote(choice, 1); return; }
      if (key === "Backspace") { ev.preventDefault(); undoVote(); return; }
      if (key === "Enter") { ev.preventDefault(); countVote(); return; }
      if (key === "Escape") { ev.preventDefault(); leaveMode(); return; }
    }
    var action = null;
    if (choice >= 0 && S.mode !== "vote") { ev.preventDefault(); pick(choice); return; }
    switch (key) {
      case "ArrowRight": case " ": case "PageDown": case "Enter": action = "next"; break;
      case "ArrowLeft": case "PageUp": action = "back"; break;
      case "v": case "V": action = "vote"; break;
      case "r": case "R": action = "reveal"; break;
      case "p": case "P": action = "pressure"; break;
      case ".": action = "blank"; break;
      case "f": case "F": action = "full"; break;
      case "?": action = "help"; break;
      case "Home": action = "restart"; break;
      case "Escape": if (S.mode) { action = "close"; } break;
      default: break;
    }
    if (action) { ev.preventDefault(); ACTIONS[action](); }
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button") : null;
    if (!button) { return; }
    var mouse = ev.detail > 0;
    if (button.hasAttribute("data-key")) { ACTIONS[button.getAttribute("data-key")](); }
    else if (button.hasAttribute("data-pick")) {
      var i = Number(button.getAttribute("data-pick"));
      if (S.mode === "vote") { addVote(i, 1); } else { pick(i); }
    }
    else if (button.hasAttribute("data-vote-more")) { addVote(Number(button.getAttribute("data-vote-more")), 1); }
    else if (button.hasAttribute("data-vote-less")) { addVote(Number(button.getAttribute("data-vote-less")), -1); }
    // After a mouse click, Space and arrows go back to driving the slides.
    if (mouse && document.activeElement && document.activeElement.blur &&
        document.activeElement.tagName === "BUTTON") { document.activeElement.blur(); }
  });

  screen.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.hasAttribute || !input.hasAttribute("data-vote")) { return; }
    var i = Number(input.getAttribute("data-vote"));
    var value = Math.floor(Number(input.value));
    if (!isFinite(value) || value < 0) {
      say("Votes for " + L[i] + " must be a whole number, 0 or more.");
      input.value = String(S.votes[i]);
      return;
    }
    S.votes[i] = value;
    render(false);
    var again = document.getElementById("pe-vote-" + i);
    if (again) { again.focus(); }
    say(L[i] + ": " + plural(value, "vote") + ".");
  });

  reset();
  render(false);
})();
