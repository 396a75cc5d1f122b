// The two error boxes (#clip-error, #error). The page keeps no copy of the server's error texts: an API
// error is shown as the server sent it, status and code and message from its JSON error body. Problems
// found on this side (no microphone, server unreachable, empty file) have status 0 and the page's own words.

import { el, setHidden } from "./dom.js";

/**
 * err: {status, code, message} as api.js returns it (status 0: found in the page).
 * said: a prefix for the message, e.g. "The API would answer: " when the page refuses before sending.
 * extra: one more line of the page's own (e.g. when to retry after a 429).
 */
export function showError(box, err, { said = "", extra = null } = {}) {
  box.replaceChildren();
  const line = [];
  if (err.status) line.push(el("span", { class: "code", text: `${err.status} ${err.code}` }), " · ");
  if (err.message) line.push(said, el("span", { class: "server-message", text: err.message }));
  box.append(el("p", {}, ...line));
  if (extra) box.append(el("p", { text: extra }));
  box.dataset.status = String(err.status);
  box.dataset.code = err.code;
  setHidden(box, false);
}

export function clearError(box) {
  box.replaceChildren();
  setHidden(box, true);
  delete box.dataset.status;
  delete box.dataset.code;
}
