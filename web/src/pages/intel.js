// Intel page: a TAXII 2.1 client in the browser. Every answer comes from the hub's routes with the
// signed-in key, so the page shows exactly what the organisation may see. The key lives only in
// this tab's sessionStorage.
import { esc } from "../lib/api.js";

const TAXII = "application/taxii+json;version=2.1";
const ROOT = "/taxii2/alliance";
const STORE = "collsec.intel.key";
const $ = (id) => document.getElementById(id);
const tlpById = new Map(JSON.parse($("share-form").dataset.tlp).map((t) => [t.id, t.label]));
let collections = [];

async function taxii(path, init = {}) {
  const key = sessionStorage.getItem(STORE);
  if (!key) throw new Error("sign in first");
  const response = await fetch(path, {
    ...init,
    headers: { Accept: TAXII, Authorization: `Bearer ${key}`, ...(init.headers || {}) },
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${response.status}: ${data.title || ""} ${data.description || ""}`.trim());
  return data;
}

function tlpOf(obj) {
  const labels = (obj.object_marking_refs || []).map((r) => tlpById.get(r)).filter(Boolean);
  return labels.length ? labels.map((l) => `TLP:${l.toUpperCase()}`).join(", ") : "unmarked (handled as AMBER)";
}

function renderObjects(title, objects) {
  const rows = objects
    .map((o) => `<tr data-id="${esc(o.id)}"><td>${esc(o.type)}</td><td>${esc(o.name || o.id)}</td><td>${esc(o.pattern || "")}</td><td class="tlp">${esc(tlpOf(o))}</td><td>${esc(o.created || "")}</td></tr>`)
    .join("");
  $("objects").innerHTML = `<h3>${esc(title)}</h3>${objects.length ? `<table><thead><tr><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Pattern</th><th scope="col">Marking</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">Nothing this organisation may see.</p>`}`;
}

function fillCollections() {
  const options = collections.map((c) => `<option value="${esc(c.id)}">${esc(c.title)} (${esc(c.description)})</option>`).join("");
  $("browse-collection").innerHTML = options;
  $("share-collection").innerHTML = collections
    .filter((c) => c.can_write)
    .map((c) => `<option value="${esc(c.id)}">${esc(c.title)}</option>`)
    .join("");
}

async function signIn() {
  try {
    collections = (await taxii(`${ROOT}/collections/`)).collections || [];
    fillCollections();
    $("whoami").textContent = `Signed in: ${collections.length} collections readable (${collections.map((c) => c.title).join(", ")}).`;
    $("whoami").dataset.signedIn = "true";
  } catch (error) {
    sessionStorage.removeItem(STORE);
    collections = [];
    fillCollections();
    $("whoami").textContent = `Not signed in: ${error.message}`;
    $("whoami").dataset.signedIn = "false";
  }
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  sessionStorage.setItem(STORE, $("intel-key").value.trim());
  $("intel-key").value = "";
  await signIn();
});

$("signout").addEventListener("click", () => {
  sessionStorage.removeItem(STORE);
  collections = [];
  fillCollections();
  $("objects").innerHTML = "";
  $("whoami").textContent = "Not signed in.";
  $("whoami").dataset.signedIn = "false";
});

$("browse-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = $("browse-collection").value;
  const title = collections.find((c) => c.id === id)?.title ?? id;
  try {
    const envelope = await taxii(`${ROOT}/collections/${encodeURIComponent(id)}/objects/`);
    renderObjects(`Collection ${title}`, envelope.objects || []);
  } catch (error) {
    $("objects").innerHTML = `<p class="error" role="alert">${esc(error.message)}</p>`;
  }
});

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const value = $("search-value").value.trim();
  try {
    const found = await taxii(`/intel/search?value=${encodeURIComponent(value)}`);
    renderObjects(`Search: ${value}`, found.objects || []);
  } catch (error) {
    $("objects").innerHTML = `<p class="error" role="alert">${esc(error.message)}</p>`;
  }
});

$("share-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const now = new Date().toISOString();
  const recipients = $("share-recipients").value.split(",").map((r) => r.trim()).filter(Boolean);
  const indicator = {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--${crypto.randomUUID()}`,
    created: now,
    modified: now,
    valid_from: now,
    name: $("share-name").value.trim(),
    pattern: $("share-pattern").value.trim(),
    pattern_type: "stix",
    object_marking_refs: [$("share-tlp").value],
  };
  if (recipients.length) indicator.x_collsec_recipients = recipients;
  try {
    const status = await taxii(`${ROOT}/collections/${encodeURIComponent($("share-collection").value)}/objects/`, {
      method: "POST",
      headers: { "Content-Type": TAXII },
      body: JSON.stringify({ objects: [indicator] }),
    });
    const failed = (status.failures || []).map((f) => f.message).join("; ");
    $("share-result").textContent = status.success_count ? `Shared ${indicator.name} (${indicator.id}).` : `Refused: ${failed}`;
    $("share-result").dataset.status = status.success_count ? "shared" : "refused";
  } catch (error) {
    $("share-result").textContent = `Refused: ${error.message}`;
    $("share-result").dataset.status = "refused";
  }
});

if (sessionStorage.getItem(STORE)) signIn();
$("signin-form").dataset.ready = "true";
