// Playing the decoded clip, or a span of it, with a playhead over the waveform. Esc (wired in main.js) stops.

import { $, setHidden } from "./dom.js";
import { fmtTime } from "./format.js";
import { clipDuration, state } from "./state.js";

/** The page's one AudioContext, made on first use (decoding and playback share it). */
export function audioContext() {
  if (!state.ctx) state.ctx = new (window.AudioContext || window.webkitAudioContext)();
  return state.ctx;
}

export function play(start, end, label) {
  if (!state.buffer) {
    $("playing").textContent = "This clip could not be decoded in the browser, so it cannot be played here.";
    return;
  }
  stopPlayback();
  const ctx = audioContext();
  ctx.resume();
  const src = ctx.createBufferSource();
  src.buffer = state.buffer;
  src.connect(ctx.destination);
  const from = Math.max(0, start), to = Math.min(state.buffer.duration, Math.max(end, from + 0.05));
  src.start(0, from, to - from);
  state.source = src;
  state.playStart = ctx.currentTime; state.playFrom = from; state.playTo = to;
  $("playing").textContent = `Playing ${label} ${fmtTime(from)}–${fmtTime(to)}`;
  $("playing").dataset.start = from.toFixed(2);
  src.onended = () => { if (state.source === src) stopPlayback(); };
  const head = $("playhead");
  setHidden(head, false);
  const tick = () => {
    const t = state.playFrom + (ctx.currentTime - state.playStart);
    head.style.left = `${(Math.min(t, state.playTo) / clipDuration()) * 100}%`;
    if (state.source === src) state.raf = requestAnimationFrame(tick);
  };
  tick();
}

export function stopPlayback() {
  if (state.source) { try { state.source.stop(); } catch { /* already stopped */ } state.source = null; }
  cancelAnimationFrame(state.raf);
  setHidden($("playhead"), true);
  $("playing").textContent = "";
}
