/* pe-course: the reflection journal on the course website (pe_course/render/journal.py,
 * pe_course/sphinx/journal.py).
 *
 * Without JavaScript each {journal} block is a readable list of prompts and a note that
 * the boxes need JavaScript. This script shows a box under each prompt, fills it from the
 * browser's localStorage and keeps what is typed there (as it is typed, and when the box
 * is left), under the key in the box's data-pe-key ("pe-journal:<page>:<question>:<n>"),
 * as JSON with the prompt, the page's title and the time, for the export. Nothing is
 * fetched and nothing is sent: the learner's words stay in this browser.
 *
 * "Export my journal" downloads every journal answer kept in this browser, from every
 * page, as reflection-journal.md: the Markdown of pe_course.render.journal.journal_markdown
 * (by reflection question in the course's order, oldest first). "Clear this page's
 * answers" asks first, then empties this page's boxes and deletes what they kept.
 *
 * The learner's text is only ever set as a textarea's value or a Blob's text, never as
 * HTML. */
(function () {
  "use strict";

  const PREFIX = "pe-journal:";
  const FILE_NAME = "reflection-journal.md";
  const SAVED = "Saved in this browser";
  const NOT_SAVED = "Not saved: this browser does not let the page keep text";
  const DEBOUNCE_MS = 400;

  // localStorage, or null where the browser refuses it (private modes, settings).
  function openStorage() {
    try {
      const store = window.localStorage;
      const probe = "pe-journal-probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  const store = openStorage();

  function readEntry(key) {
    if (!store) return null;
    try {
      const entry = JSON.parse(store.getItem(key));
      return entry && typeof entry.text === "string" ? entry : null;
    } catch (error) {
      return null;
    }
  }

  // The page's title as the reader sees it (the <h1>, without its "#" link).
  function pageTitle() {
    const h1 = document.querySelector("article h1") || document.querySelector("main h1") ||
      document.querySelector("h1");
    if (h1) {
      const copy = h1.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
      const text = copy.textContent.replace(/\s+/g, " ").trim();
      if (text) return text;
    }
    return document.title;
  }

  // UTC to the second, as the journal file keeps it: 2024-05-01T14:03:09Z.
  function now() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  const blocks = Array.from(document.querySelectorAll(".pe-journal"));
  if (!blocks.length) return;
  const title = pageTitle();

  function setStatus(block, text) {
    const status = block.querySelector(".pe-journal-status");
    if (status) status.textContent = text;
  }

  function boxesOf(block) {
    return Array.from(block.querySelectorAll("textarea.pe-journal-box"));
  }

  function entryFor(block, box) {
    const item = box.closest(".pe-journal-item");
    const prompt = item ? item.querySelector(".pe-journal-prompt") : null;
    return {
      question: block.dataset.peJournal,
      prompt: prompt ? prompt.textContent.trim() : "",
      page: block.dataset.pePage,
      title: title,
      number: Number(box.dataset.peNumber),
      text: box.value,
      time: now(),
    };
  }

  const timers = new Map();

  // Keep a box's text (an empty box keeps nothing); say in the block whether it worked.
  function save(block, box) {
    clearTimeout(timers.get(box));
    timers.delete(box);
    try {
      if (!store) throw new Error("no storage");
      if (box.value.trim() === "") {
        store.removeItem(box.dataset.peKey);
      } else {
        store.setItem(box.dataset.peKey, JSON.stringify(entryFor(block, box)));
      }
      setStatus(block, SAVED);
    } catch (error) {
      setStatus(block, NOT_SAVED);
    }
  }

  function saveSoon(block, box) {
    clearTimeout(timers.get(box));
    timers.set(box, setTimeout(() => save(block, box), DEBOUNCE_MS));
  }

  function flush() {
    blocks.forEach((block) => boxesOf(block).forEach((box) => {
      if (timers.has(box)) save(block, box);
    }));
  }

  // ---- export ----------------------------------------------------------------------

  function journalInfo() {
    try {
      return JSON.parse(blocks[0].dataset.peJournalQuestions);
    } catch (error) {
      return { source: "", questions: [] };
    }
  }

  // Every answer kept in this browser, from every page; this page's boxes as they are now.
  function allEntries() {
    const entries = new Map();
    if (store) {
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i);
        if (key && key.startsWith(PREFIX)) {
          const entry = readEntry(key);
          if (entry) entries.set(key, entry);
        }
      }
    }
    blocks.forEach((block) => boxesOf(block).forEach((box) => {
      const key = box.dataset.peKey;
      if (box.value.trim() === "") {
        entries.delete(key);
      } else {
        const kept = entries.get(key);
        const entry = entryFor(block, box);
        if (kept && kept.text === box.value && kept.time) entry.time = kept.time;
        entries.set(key, entry);
      }
    }));
    return Array.from(entries.values()).filter((e) => e.text.trim() !== "");
  }

  function when(time) {
    return String(time).slice(0, 10) + " " + String(time).slice(11, 16) + " UTC";
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // Oldest first; answers saved in the same second by page, then in the page's order.
  function oldestFirst(a, b) {
    return compare(String(a.time), String(b.time)) || compare(String(a.page), String(b.page)) ||
      (Number(a.number) || 0) - (Number(b.number) || 0);
  }

  // The same Markdown as pe_course.render.journal.journal_markdown.
  function journalMarkdown(entries) {
    const info = journalInfo();
    const lines = ["# My reflection journal", ""];
    let written = 0;
    info.questions.forEach((question) => {
      const mine = entries.filter((e) => e.question === question.id).sort(oldestFirst);
      if (!mine.length) return;
      lines.push("## " + question.number + ". " + question.title, "",
        "> \u201c" + question.question + "\u201d", ">", "> \u2014 " + info.source, "");
      mine.forEach((entry) => {
        const where = entry.title ? " (from the page \u201c" + entry.title + "\u201d)" : "";
        lines.push("### " + when(entry.time) + where, "");
        if (entry.prompt) lines.push("*Prompt:* " + entry.prompt, "");
        lines.push(entry.text.replace(/^\n+|\n+$/g, ""), "");
        written += 1;
      });
    });
    if (!written) lines.push("No entries yet.", "");
    return { text: lines.join("\n"), count: written };
  }

  function download(text) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function exportJournal(block) {
    flush();
    const markdown = journalMarkdown(allEntries());
    download(markdown.text);
    setStatus(block, markdown.count
      ? "Exported " + markdown.count + (markdown.count === 1 ? " answer" : " answers") +
        " from every page to " + FILE_NAME
      : "Nothing written yet: " + FILE_NAME + " says so");
  }

  // ---- clear -------------------------------------------------------------------------

  function clearPage(block) {
    const ok = window.confirm("Delete everything you wrote in the journal boxes on this " +
      "page? Your answers on other pages are kept. This cannot be undone.");
    if (!ok) {
      setStatus(block, "Nothing was deleted");
      return;
    }
    let failed = false;
    blocks.forEach((other) => {
      boxesOf(other).forEach((box) => {
        clearTimeout(timers.get(box));
        timers.delete(box);
        box.value = "";
        try {
          if (store) store.removeItem(box.dataset.peKey);
        } catch (error) {
          failed = true;
        }
      });
      if (other !== block) setStatus(other, "");
    });
    setStatus(block, failed ? "The boxes were emptied, but this browser did not let the " +
      "page delete what it kept" : "Cleared: this page's answers were deleted from this browser");
  }

  // ---- start -------------------------------------------------------------------------

  blocks.forEach((block, index) => {
    let filled = false;
    boxesOf(block).forEach((box) => {
      const entry = readEntry(box.dataset.peKey);
      if (entry) {
        box.value = entry.text;
        filled = filled || entry.text !== "";
      }
      box.hidden = false;
      box.addEventListener("input", () => saveSoon(block, box));
      box.addEventListener("blur", () => save(block, box));
    });
    const note = block.querySelector(".pe-journal-note");
    if (note && index === 0) note.hidden = false;  // said once a page is enough
    const actions = block.querySelector(".pe-journal-actions");
    if (actions) actions.hidden = false;
    const exportButton = block.querySelector(".pe-journal-export");
    if (exportButton) exportButton.addEventListener("click", () => exportJournal(block));
    const clearButton = block.querySelector(".pe-journal-clear");
    if (clearButton) clearButton.addEventListener("click", () => clearPage(block));
    if (!store) setStatus(block, NOT_SAVED);
    else if (filled) setStatus(block, SAVED);
  });

  // Leaving the page keeps what was typed in the last moment.
  window.addEventListener("pagehide", flush);

  // Another tab of the course changed a box of this page: show its text.
  window.addEventListener("storage", (event) => {
    if (!event.key || !event.key.startsWith(PREFIX)) return;
    blocks.forEach((block) => boxesOf(block).forEach((box) => {
      if (box.dataset.peKey === event.key && document.activeElement !== box) {
        const entry = event.newValue ? readEntry(event.key) : null;
        box.value = entry ? entry.text : "";
      }
    }));
  });
})();
