// Reading the ledger's HTTP API.

/** Query string of the non-empty values of ``params``. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "" && value !== false) q.set(name, String(value));
  }
  const text = q.toString();
  return text ? "?" + text : "";
}

/** GET ``url`` (a path of /api) as JSON; an Error carrying the API's reason when it fails. */
export async function get(url, params = {}) {
  const response = await fetch(url + query(params), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.reason || response.statusText);
  return body;
}
