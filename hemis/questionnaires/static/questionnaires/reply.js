// A reply's page: shows and hides questions by their conditions as answers change (the same
// rule the server applies: hemis/questionnaires/rules.py `is_shown`), and says when an answer
// could not be saved. Answers are saved by htmx, question by question (see reply_question.html).
(function () {
  function valueOf(code) {
    const box = document.getElementById("q-" + code);
    if (!box) return null;
    const inputs = box.querySelectorAll("input[name=value]");
    if (box.dataset.kind === "multiple_choice") {
      return Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
    }
    const checked = Array.from(inputs).find((i) => i.checked);
    return checked ? checked.value : null;
  }

  function isShown(condition) {
    const value = valueOf(condition.question);
    if (condition.operator === "contains") {
      return Array.isArray(value) && condition.values.some((v) => value.includes(v));
    }
    return condition.values.includes(value);
  }

  function refresh() {
    for (const box of document.querySelectorAll("[data-show-if]")) {
      const condition = JSON.parse(box.dataset.showIf);
      const controller = document.getElementById("q-" + condition.question);
      // A long reply shows one section at a time: a question on another page keeps the
      // server's decision (the page was rendered with it).
      if (!controller) continue;
      const shown = isShown(condition) && !controller.hidden;
      box.hidden = !shown;
    }
  }

  document.addEventListener("change", refresh);
  document.addEventListener("htmx:afterSwap", refresh);
  document.addEventListener("htmx:sendError", (event) => {
    const box = event.target.closest(".question");
    const status = box && box.querySelector(".save-status");
    if (status) status.textContent = status.dataset.offline || "Not saved: no connection. Change the answer again to retry.";
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    const box = event.target.closest(".question");
    const status = box && box.querySelector(".save-status");
    if (status) status.textContent = status.dataset.saving || "…";
  });
  document.addEventListener("DOMContentLoaded", refresh);
})();
