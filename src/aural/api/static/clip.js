// The clip: take a picked, dropped or recorded file, refuse it in the page when the API would (over the
// upload limit, empty), decode it to show its duration and waveform, and keep the cost estimate current.

import { $, setHidden } from "./dom.js";
import { clearError, showError } from "./errors.js";
import { fmtBytes, fmtTime, fmtUsd } from "./format.js";
import { audioContext, stopPlayback } from "./playback.js";
import { FALLBACK_MAX_BYTES, state } from "./state.js";
import { drawTimelineShell } from "./timeline.js";

const READY_TEXT = "Choose a clip and a question, then press Ask.";

/** The API's own error for a file over the limit, from /playground/config (or the page's words without it). */
function tooLargeError(max) {
  const e = state.config.too_large_error;
  if (e && e.code) return [e, "The API would answer: "];
  return [{ status: 0, code: "too_large", message: `The file is over this server's upload limit (${fmtBytes(max)}).` }, ""];
}

export async function takeFile(file, name) {
  stopPlayback();
  const info = $("clip-info");
  const err = $("clip-error");
  clearError(err);
  clearError($("error"));
  $("status").textContent = READY_TEXT;
  state.file = null; state.buffer = null; state.duration = null; state.evidence = null;
  state.fileName = name || file.name || "clip";
  setHidden($("timeline-card"), true);
  const max = state.config.max_upload_bytes || FALLBACK_MAX_BYTES;
  if (file.size > max) {
    info.textContent = `${state.fileName} · ${fmtBytes(file.size)} · not sent.`;
    const [error, said] = tooLargeError(max);
    showError(err, error, { said, extra: `Nothing was uploaded. The limit is ${fmtBytes(max)}.` });
    updateSend();
    return;
  }
  if (file.size === 0) {
    info.textContent = `${state.fileName} is empty.`;
    showError(err, { status: 0, code: "empty_file", message: "The file is empty: there is nothing to send. Pick another." });
    updateSend();
    return;
  }
  state.file = file;
  info.textContent = `${state.fileName} · ${fmtBytes(file.size)} · decoding…`;
  updateSend();
  try {
    const data = await file.arrayBuffer();
    const buffer = await audioContext().decodeAudioData(data);
    if (state.file !== file) return;  // another clip came in meanwhile
    state.buffer = buffer;
    state.duration = buffer.duration;
    info.textContent = `${state.fileName} · ${fmtBytes(file.size)} · ${buffer.duration.toFixed(2)} s ` +
      `(${fmtTime(buffer.duration)}) · ${buffer.numberOfChannels} ch · ${buffer.sampleRate} Hz`;
    info.dataset.duration = buffer.duration.toFixed(3);
    info.dataset.size = String(file.size);
    drawTimelineShell();
  } catch {
    if (state.file !== file) return;
    info.textContent = `${state.fileName} · ${fmtBytes(file.size)} · this browser cannot decode it, so ` +
      "there is no waveform and the server estimates the duration from the size.";
  }
  updateSend();
}

export function updateSend() {
  $("send").disabled = !state.file;
  updateEstimate();
}

export function updateEstimate() {
  const m = state.models.get($("model").value);
  const out = $("estimate");
  if (!state.file || !m) { out.textContent = ""; return; }
  if (state.duration) {
    const minutes = Math.max(1, Math.ceil(state.duration / 60));
    out.textContent = `About ${minutes} billable minute${minutes > 1 ? "s" : ""} × ` +
      `${fmtUsd(m.price_per_minute_usd)} = ${fmtUsd(minutes * m.price_per_minute_usd)}`;
  } else {
    out.textContent = "Billed from the file size (no decoded duration).";
  }
}
