// Decide page: every change to a member's position asks the server's decision rule (the one the
// CLI and the simulator use) and shows the outcome and its basis. Without JavaScript the form
// still works: it submits and the server renders the same outcome.
import { api, esc } from "../lib/api.js";

const form = document.getElementById("decide-form");
const outcome = document.getElementById("outcome");

function payload() {
  const data = new FormData(form);
  const positions = {};
  for (const [key, value] of data.entries()) {
    if (key.startsWith("pos_")) positions[key.slice(4)] = value;
  }
  return { body: data.get("body"), question: data.get("question"), at: data.get("at"), positions };
}

function render(d) {
  const list = (items) => (items.length ? items.map(esc).join(", ") : "none");
  outcome.innerHTML = `
    <p id="verdict" class="outcome ${d.adopted ? "adopted" : "rejected"}">${d.adopted ? "Adopted" : "Not adopted"}</p>
    <p id="explanation">${esc(d.explanation)}</p>
    <dl class="facts">
      <dt>Blocked by</dt><dd id="blocked-by">${list(d.blocked_by)}</dd>
      <dt>Bound</dt><dd id="bound">${list(d.bound)}</dd>
      <dt>May join later</dt><dd>${list(d.may_join_later)}</dd>
      <dt>Voters</dt><dd>${list(d.voters)}</dd>
    </dl>
    <h3>Basis</h3>
    <ul id="basis">${d.basis.map((b) => `<li>${esc(b)}</li>`).join("")}</ul>`;
}

async function update() {
  outcome.setAttribute("aria-busy", "true");
  try {
    render(await api("/api/v1/decide", payload()));
  } catch (error) {
    outcome.innerHTML = `<p class="error" role="alert">${esc(error.message)}</p>`;
  } finally {
    outcome.setAttribute("aria-busy", "false");
    form.dataset.updated = String(Number(form.dataset.updated || 0) + 1);
  }
}

form.addEventListener("change", update);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  update();
});
form.dataset.ready = "true";
