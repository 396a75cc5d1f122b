// Every request the page makes, all to this server. Failures come back as one shape,
// {status, code, message}: status, code and message are the server's own, read from its JSON error body
// ({"error": {"code", "message", "type"}}); status 0 means the page found the problem itself.

const UNDERSTAND_URL = "/v1/audio/understand";

/** The error of a response: the server's JSON error body, or a note that there was none. */
function errorOf(response, body) {
  const e = body && body.error;
  if (e && e.code) return { status: response.status, code: e.code, message: e.message || "", type: e.type || "" };
  return { status: response.status, code: "unexpected_response",
           message: `HTTP ${response.status} without a JSON error body` };
}

async function jsonOrNull(response) {
  try { return await response.json(); } catch { return null; }
}

/** GET /playground/config: the limits and examples the page needs before it sends anything, or null. */
export async function fetchConfig() {
  try {
    const r = await fetch("/playground/config");
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

/** GET /v1/models, the understanding models only. Throws an Error whose message says why not. */
export async function fetchUnderstandModels() {
  let r;
  try {
    r = await fetch("/v1/models");
  } catch (e) {
    throw new Error(e.message);
  }
  const body = await jsonOrNull(r);
  if (!r.ok) throw new Error(errorOf(r, body).message);
  const entries = ((body && body.data) || []).filter((m) => m.kind === "understand");
  if (!entries.length) throw new Error("no audio-understanding model is served here");
  return entries;
}

/**
 * POST /v1/audio/understand with a multipart form and an optional bearer key.
 * Returns {ok: true, body, seconds} or {ok: false, error, retryAfter, seconds}.
 */
export async function postUnderstand(form, key) {
  const headers = key ? { Authorization: `Bearer ${key}` } : {};
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  let response;
  try {
    response = await fetch(UNDERSTAND_URL, { method: "POST", body: form, headers });
  } catch (e) {
    return { ok: false, seconds: null, retryAfter: null, error: { status: 0, code: "network_error",
      message: `Could not reach the aural server at ${location.origin} (${e.message}). Is \`aural serve\` running?` } };
  }
  const body = await jsonOrNull(response);
  if (response.ok && body && !body.error) return { ok: true, body, seconds: seconds() };
  return { ok: false, seconds: seconds(), retryAfter: response.headers.get("Retry-After"),
           error: errorOf(response, body) };
}

export { UNDERSTAND_URL };
