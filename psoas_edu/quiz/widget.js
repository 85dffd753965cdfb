// The quiz in the browser: plain HTML form controls, grouped per question.
//
// The page never holds a right answer: it sends the student's response to
// Python ("check") and shows the feedback Python sends back: after a first wrong
// attempt only the verdict, with "Try again" and "Show answer". Keys stay with
// the quiz inside JupyterLab (data-lm-suppress-shortcuts and a keydown listener),
// so the arrow keys choose an option instead of moving the notebook to another cell;
// Esc leaves the quiz, so the arrow keys move between cells again.

let views = 0;

function make(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function button(label, hidden_suffix, cls) {
  const b = make("button", { type: "button", class: `pq-btn ${cls}` }, label);
  if (hidden_suffix) b.append(make("span", { class: "pq-sr" }, hidden_suffix));
  return b;
}

function inputsFor(q, prefix) {
  // The controls of one question and a reader of the student's response.
  const box = make("div", { class: "pq-inputs" });
  const name = `${prefix}-${q.hid}`;
  if (q.type === "single_choice" || q.type === "true_false" || q.type === "multiple_answer") {
    const kind = q.type === "multiple_answer" ? "checkbox" : "radio";
    const inputs = q.options.map((o, i) => {
      const id = `${name}-o${i}`;
      const row = make("div", { class: "pq-option" });
      const input = make("input", { type: kind, id, name, value: o.key });
      row.append(input, make("label", { for: id }, o.text));
      box.append(row);
      return input;
    });
    const read = () => kind === "radio"
      ? (inputs.find((i) => i.checked) || { value: null }).value
      : inputs.filter((i) => i.checked).map((i) => i.value);
    return { box, controls: inputs, read };
  }
  if (q.type === "matching" || q.type === "label_diagram") {
    const selects = q.pairs.map((p, i) => {
      const id = `${name}-p${i}`;
      const row = make("div", { class: "pq-pair" });
      const select = make("select", { id, "data-key": p.key });
      select.append(make("option", { value: "" }, "\u2014 choose \u2014"));
      for (const o of q.options) select.append(make("option", { value: o.key }, o.text));
      row.append(make("label", { for: id }, p.prompt), select);
      box.append(row);
      return select;
    });
    const read = () => Object.fromEntries(selects.map((s) => [s.dataset.key, s.value || null]));
    return { box, controls: selects, read };
  }
  const id = `${name}-text`;
  const input = make("input", { type: "text", id, autocomplete: "off", spellcheck: "false" });
  box.append(make("label", { for: id }, "Your answer "), input);
  return { box, controls: [input], read: () => input.value };
}

function focusAnswer(card) {
  // The chosen radio button (where Tab would enter the group), else the first control.
  const target = card.controls.find((c) => c.type === "radio" && c.checked) || card.controls[0];
  if (target) target.focus();
}

function leaveQuiz(el, from) {
  // In JupyterLab the cell holding the quiz takes focus, as in command mode, so the
  // arrow keys move between cells; elsewhere (Voila) the question's group does, so
  // they change no answer.
  const cell = el.closest(".jp-Notebook .jp-Cell");
  if (cell && cell.hasAttribute("tabindex")) {
    cell.focus();
    return;
  }
  const card = from.closest(".pq-card");
  const group = (card && card.querySelector("fieldset")) || el.querySelector("h2[tabindex]");
  if (group) group.focus();
}

function clear(card) {
  for (const c of card.controls) {
    if (c.type === "radio" || c.type === "checkbox") c.checked = false;
    else c.value = "";
  }
  card.live.innerHTML = "";
}

function renderQuiz(model, root, prefix) {
  const quiz = make("div", { class: "pq-quiz" });
  const questions = model.get("questions");
  if (!questions.length) return { quiz, cards: [] };
  const heading = make("h2", { class: "pq-title", id: `${prefix}-title`, tabindex: "-1" },
                       model.get("title"));
  quiz.append(heading, make("p", { class: "pq-help" },
    "Choose with the arrow keys or Space, then press Check (Enter) to see if you are right. " +
    "Not right? Try again, or show the answer and why. Esc leaves the quiz."));
  const cards = questions.map((q) => {
    const section = make("section", { class: "pq-card", id: `${prefix}-${q.hid}` });
    // tabindex -1: Esc moves focus here in Voila, off the controls.
    const fieldset = make("fieldset", { "aria-describedby": `${prefix}-${q.hid}-hint`,
                                        tabindex: "-1" });
    const legend = make("legend", { id: `${prefix}-${q.hid}-legend` });
    legend.append(make("span", { class: "pq-num" }, `Question ${q.number}. `), q.prompt);
    fieldset.append(legend);
    if (q.figure_html) {
      const figure = make("div", { class: "pq-figure" });
      figure.innerHTML = q.figure_html; // built and escaped in Python
      fieldset.append(figure);
    }
    fieldset.append(make("p", { class: "pq-hint", id: `${prefix}-${q.hid}-hint` }, q.hint));
    const { box, controls, read } = inputsFor(q, prefix);
    fieldset.append(box);
    const check = button("Check", ` question ${q.number}`, "pq-check");
    const live = make("div", { class: "pq-feedback", role: "status", "aria-live": "polite",
                               id: `${prefix}-${q.hid}-live` });
    // Offered after a first wrong attempt (Python says when, in its feedback).
    const next = make("div", { class: "pq-next" });
    const again = button("Try again", ` (question ${q.number})`, "pq-again");
    const show = button("Show answer", ` (question ${q.number})`, "pq-show");
    next.append(again, show);
    next.hidden = true;
    section.append(fieldset, check, live, next);
    quiz.append(section);
    const card = { q, section, controls, check, live, next };
    check.addEventListener("click", () => model.send({ kind: "check", id: q.id, response: read() }));
    again.addEventListener("click", () => focusAnswer(card));
    show.addEventListener("click", () => model.send({ kind: "show_answer", id: q.id }));
    // Enter in a control checks the answer, as a form would submit.
    box.addEventListener("keydown", (event) => {
      // Also in a drop-down: there the arrow keys change the choice, Alt+ArrowDown opens it.
      if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        check.click();
      }
    });
    return card;
  });
  const score = make("p", { class: "pq-score", role: "status", "aria-live": "polite" });
  const actions = make("div", { class: "pq-actions" });
  const retry = button("Retry the ones I missed", "", "pq-retry");
  const showAll = button("Show all questions", "", "pq-show-all");
  retry.addEventListener("click", () => model.send({ kind: "retry" }));
  showAll.addEventListener("click", () => model.send({ kind: "show_all" }));
  actions.append(retry, showAll);
  quiz.append(score, actions);
  return { quiz, cards, score, retry, showAll, heading };
}

function renderSetup(model, prefix) {
  // The app's start form: topic, length, start.
  const form = make("form", { class: "pq-setup", "aria-labelledby": `${prefix}-setup-title` });
  form.append(make("h2", { id: `${prefix}-setup-title`, tabindex: "-1" }, "Start a quiz"));
  const topic = make("select", { id: `${prefix}-topic` });
  for (const t of model.get("topics")) topic.append(make("option", { value: t.value }, t.label));
  const length = make("select", { id: `${prefix}-length` });
  for (const n of model.get("lengths")) length.append(make("option", { value: String(n) }, `${n} questions`));
  // The last quiz's choice stays chosen after "New quiz".
  const chosen = model.get("choice") || {};
  if (chosen.topic) topic.value = chosen.topic;
  if (chosen.n) length.value = String(chosen.n);
  const rowT = make("div", { class: "pq-pair" });
  rowT.append(make("label", { for: topic.id }, "Topic "), topic);
  const rowN = make("div", { class: "pq-pair" });
  rowN.append(make("label", { for: length.id }, "Length "), length);
  const start = make("button", { type: "submit", class: "pq-btn pq-start" }, "Start quiz");
  const progress = make("div", { class: "pq-progress", id: `${prefix}-progress` });
  form.append(rowT, rowN, start, progress);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ kind: "start", topic: topic.value, n: Number(length.value) });
  });
  return { form, topic, progress };
}

function render({ model, el }) {
  const prefix = `pq${++views}`;
  el.classList.add("psoas-quizw");
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  // JupyterLab's notebook also listens for keys on its own (ArrowDown selects the next
  // cell, "x" cuts one): keys pressed in the quiz stay in the quiz. Key chords
  // (Ctrl, Alt, Cmd) and Shift-Enter still reach JupyterLab. Esc leaves the quiz:
  // JupyterLab's own Esc never fires here (the shortcuts are suppressed), so without
  // this focus would stay on an option and the next ArrowDown would change the answer.
  el.addEventListener("keydown", (event) => {
    const chord = event.ctrlKey || event.altKey || event.metaKey;
    if (event.key === "Escape" && !chord) {
      leaveQuiz(el, event.target);
      return;
    }
    const toLab = chord || (event.key === "Enter" && event.shiftKey);
    if (!toLab) event.stopPropagation();
  });
  const app = model.get("topics").length > 0;
  let view = null;
  let setup = null;
  const status = make("div", { class: "pq-sr", role: "status", "aria-live": "polite" });

  function paintQuiz() {
    if (!view) return;
    const feedback = model.get("feedback");
    const hidden = new Set(model.get("hidden"));
    for (const card of view.cards) {
      const fb = feedback[card.q.id];
      const html = fb ? fb.html : "";
      if (card.live.innerHTML !== html) card.live.innerHTML = html; // built and escaped in Python
      const offer = Boolean(fb && fb.offer);
      // Focus never falls to the page when the button holding it goes away.
      if (!offer && card.next.contains(document.activeElement)) card.check.focus();
      card.next.hidden = !offer;
      card.section.hidden = hidden.has(card.q.id);
    }
    view.score.textContent = model.get("score_text");
    view.retry.disabled = !model.get("can_retry");
    view.showAll.hidden = !model.get("can_show_all");
  }

  function build() {
    el.replaceChildren();
    setup = null;
    view = null;
    if (app && model.get("mode") === "setup") {
      setup = renderSetup(model, prefix);
      setup.progress.innerHTML = model.get("progress_html"); // built and escaped in Python
      el.append(setup.form, status);
      return;
    }
    view = renderQuiz(model, el, prefix);
    el.append(view.quiz);
    if (app) {
      const again = button("New quiz", "", "pq-new");
      again.addEventListener("click", () => model.send({ kind: "new" }));
      view.quiz.append(again);
    }
    el.append(status);
    paintQuiz();
  }

  build();
  const rebuild = (focus) => {
    build();
    if (focus === "setup" && setup) setup.topic.focus();
    if (focus === "quiz" && view && view.heading) view.heading.focus();
  };
  const onMode = () => rebuild(model.get("mode") === "setup" ? "setup" : "quiz");
  const onQuestions = () => rebuild("quiz");
  const onProgress = () => {
    if (setup) setup.progress.innerHTML = model.get("progress_html"); // built and escaped in Python
  };
  // After Retry (or Show all) the cleared questions are emptied and focus goes to the
  // first question shown, never to the page body.
  const onReset = () => {
    if (!view) return;
    const cleared = new Set(model.get("cleared"));
    for (const card of view.cards) if (cleared.has(card.q.id)) clear(card);
    paintQuiz();
    const first = view.cards.find((c) => !c.section.hidden && (cleared.size === 0 || cleared.has(c.q.id)));
    if (first) first.controls[0].focus();
    status.textContent = model.get("status_text");
  };
  model.on("change:mode", onMode);
  model.on("change:questions", onQuestions);
  model.on("change:feedback", paintQuiz);
  model.on("change:score_text", paintQuiz);
  model.on("change:hidden", paintQuiz);
  model.on("change:can_retry", paintQuiz);
  model.on("change:can_show_all", paintQuiz);
  model.on("change:progress_html", onProgress);
  model.on("change:reset_token", onReset);
  return () => {
    for (const [name, f] of [["mode", onMode], ["questions", onQuestions], ["feedback", paintQuiz],
      ["score_text", paintQuiz], ["hidden", paintQuiz], ["can_retry", paintQuiz],
      ["can_show_all", paintQuiz], ["progress_html", onProgress], ["reset_token", onReset]]) {
      model.off(`change:${name}`, f);
    }
  };
}

export default { render };
