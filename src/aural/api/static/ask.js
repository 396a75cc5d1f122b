// Asking: send the clip and question to POST /v1/audio/understand, then show the answer, the bill and
// the evidence lanes, or the server's error; "copy as" gives the request just made.

import { postUnderstand } from "./api.js";
import { updateSend } from "./clip.js";
import { $, el, setHidden } from "./dom.js";
import { clearError, showError } from "./errors.js";
import { fmtUsd, maskKey } from "./format.js";
import { drawLanes } from "./lanes.js";
import { curlSnippet, pySnippet } from "./snippets.js";
import { state } from "./state.js";
import { drawTimelineShell } from "./timeline.js";

export async function ask(event) {
  event.preventDefault();
  if (!state.file) return;
  const status = $("status");
  const errBox = $("error");
  clearError(errBox);
  setHidden($("result"), true);
  const question = $("question").value.trim();
  if (!question) {
    showError(errBox, { status: 0, code: "no_question", message: "Type a question or pick an example." });
    $("question").focus();
    return;
  }
  const key = $("key").value.trim();
  const fields = [["model", $("model").value], ["question", question]];
  if (state.duration) fields.push(["duration_sec", state.duration.toFixed(3)]);
  if ($("evidence").checked) fields.push(["include_evidence", "true"]);
  state.lastRequest = { fields, fileName: state.fileName, type: state.file.type || "application/octet-stream",
                        keyHint: maskKey(key) };
  setHidden($("copy"), false);
  setHidden($("snippet"), true);
  $("copied").textContent = "";

  const form = new FormData();
  form.append("file", state.file, state.fileName);
  for (const [k, v] of fields) form.append(k, v);
  $("send").disabled = true;
  status.textContent = "Listening… (the first request after a start also loads the models)";
  const result = await postUnderstand(form, key);
  updateSend();
  const secs = result.seconds === null ? null : result.seconds.toFixed(1);
  if (!result.ok) {
    status.textContent = secs === null ? "" : `Failed after ${secs} s.`;
    const extra = result.error.status === 429 && result.retryAfter ? `Try again in ${result.retryAfter} s.` : null;
    showError(errBox, result.error, { extra });
    return;
  }
  status.textContent = `Answered in ${secs} s.`;
  showResult(result.body);
  if (result.body.evidence) {
    state.evidence = result.body.evidence;
    drawTimelineShell();
    drawLanes(result.body.evidence);
  }
}

function showResult(body) {
  $("answer").textContent = body.answer;
  const b = body.billing || {};
  const rows = [
    ["model", "Model", body.model],
    ["duration_sec", "Duration", `${b.duration_sec} s`],
    ["duration_source", "Duration source", b.duration_source],
    ["billable_minutes", "Billable minutes", b.billable_minutes],
    ["cost_usd", "Cost", fmtUsd(b.cost_usd)],
    ["balance_usd", "Balance", fmtUsd(b.balance_usd)],
  ];
  $("billing").replaceChildren(...rows.map(([k, label, v]) =>
    el("div", { "data-k": k }, el("dt", { text: label }), el("dd", { text: String(v) }))));
  setHidden($("result"), false);
}

/** Show the last request as curl or Python (httpx) and put it on the clipboard. */
export async function copySnippet(kind) {
  if (!state.lastRequest) return;
  const text = kind === "curl" ? curlSnippet(state.lastRequest, location.origin)
                               : pySnippet(state.lastRequest, location.origin);
  const area = $("snippet");
  area.value = text;
  area.dataset.kind = kind;
  area.rows = text.split("\n").length;
  setHidden(area, false);
  const note = $("copied");
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = `Copied as ${kind === "curl" ? "curl" : "Python (httpx)"}; the key is masked.`;
  } catch {
    area.focus();
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    note.textContent = ok ? "Copied; the key is masked." : "Select the text below and copy it; the key is masked.";
  }
}
