// Small helpers shared by the page scripts: JSON requests and safe text rendering.

/** GET or POST JSON; a 4xx answer becomes an Error carrying the server's message. */
export async function api(path, body) {
  const init = body === undefined
    ? { headers: { Accept: "application/json" } }
    : { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data.detail ? String(data.detail) : `${response.status} ${response.statusText}`);
  }
  return data;
}

/** Escape text for insertion into HTML. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Links to a fact's sources, with the date each figure was retrieved. */
export function sourceLinks(sources) {
  if (!sources || !sources.length) return "";
  return sources
    .map((s) => `<a href="${esc(s.url)}" rel="noreferrer noopener" target="_blank">${esc(s.title || s.url)}</a> (retrieved ${esc(s.retrieved)})`)
    .join("; ");
}
