// The timeline's drawn parts: the card, the waveform, the time axis and the voice lane's two curves.
// The lanes of spans are built in lanes.js; the curves are computed in curves.js.

import { monoMix, pitchAndLoudness } from "./curves.js";
import { $, cssVar, el, fitCanvas, setHidden } from "./dom.js";
import { fmtTime } from "./format.js";
import { clipDuration, state } from "./state.js";

const AXIS_STEPS_S = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
const CURVE_DB_FLOOR = -60;                 // the loudness curve spans -60..0 dBFS
const CURVE_HZ_LOW = 60, CURVE_HZ_HIGH = 1000;  // the pitch curve's log scale

/** The clip's mono samples, mixed once per decoded buffer. */
function mono() {
  const b = state.buffer;
  if (!b) return null;
  if (!state.mono || state.mono.buffer !== b) state.mono = { buffer: b, data: monoMix(b) };
  return state.mono.data;
}

/** Loudness and pitch of the clip, read once per (buffer, evidence). */
function curves() {
  const c = state.curves;
  if (c && c.buffer === state.buffer && c.evidence === state.evidence) return c;
  const segs = (state.evidence && state.evidence.speech && state.evidence.speech.segments) || [];
  const { loud, pitch } = pitchAndLoudness(mono(), state.buffer.sampleRate, clipDuration(), segs);
  state.curves = { buffer: state.buffer, evidence: state.evidence, loud, pitch };
  return state.curves;
}

/** Show the timeline card with the waveform and axis (lanes only once there is evidence). */
export function drawTimelineShell() {
  if (!state.buffer && !state.evidence) return;
  setHidden($("timeline-card"), false);
  if (!state.evidence) {
    $("lanes").replaceChildren();
    $("lanes-note").textContent = "Ask a question (with the evidence timeline on) to see what was heard, and when.";
  }
  drawWave();
  drawAxis();
}

export function drawWave() {
  const canvas = $("wave");
  const [w, h] = fitCanvas(canvas);
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, w, h);
  const data = mono();
  const total = clipDuration();
  if (!data || !total) return;
  g.fillStyle = cssVar("--wave");
  const spp = (state.buffer.sampleRate * total) / w;  // samples per pixel over the timeline's span
  const mid = h / 2;
  for (let x = 0; x < w; x++) {
    const from = Math.floor(x * spp);
    const to = Math.min(data.length, Math.floor((x + 1) * spp));
    if (from >= data.length) break;
    let lo = 0, hi = 0;
    for (let i = from; i < to; i++) { const v = data[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
    g.fillRect(x, mid - hi * mid, 1, Math.max(1, (hi - lo) * mid));
  }
}

export function drawAxis() {
  const axis = $("axis");
  axis.replaceChildren();
  const total = clipDuration();
  if (!total) return;
  const width = axis.clientWidth || 600;
  const maxTicks = Math.max(2, Math.floor(width / 60));
  const step = AXIS_STEPS_S.find((s) => total / s <= maxTicks) || 1200;
  for (let t = 0; t <= total + 1e-6; t += step) {
    const near = (total - t) / total < 0.04;
    axis.append(el("span", { class: near && t > 0 ? "end" : null, style: { left: `${(t / total) * 100}%` },
                             text: fmtTime(t).replace(/\.0$/, "") }));
  }
}

/** Draw every `canvas.curve` of the voice lane: loudness as a line, pitch as dots with the engine's median. */
export function drawCurves() {
  if (!state.buffer) return;
  const c = curves();
  const total = clipDuration();
  for (const canvas of document.querySelectorAll("canvas.curve")) {
    const [w, h] = fitCanvas(canvas);
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, w, h);
    g.strokeStyle = cssVar("--voice");
    g.fillStyle = cssVar("--voice");
    g.lineWidth = Math.max(1, (window.devicePixelRatio || 1) * 1.5);
    if (canvas.dataset.curve === "loudness") {
      g.beginPath();
      c.loud.forEach(([t, db], i) => {
        const x = (t / total) * w;
        const y = h - Math.max(0, Math.min(1, (db - CURVE_DB_FLOOR) / -CURVE_DB_FLOOR)) * h;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    } else {
      const y = (hz) => h - (Math.log(hz / CURVE_HZ_LOW) / Math.log(CURVE_HZ_HIGH / CURVE_HZ_LOW)) * h;
      for (const [t, hz] of c.pitch) if (hz) g.fillRect((t / total) * w - 1, y(hz) - 1, 3, 3);
      const med = state.evidence && state.evidence.voice && state.evidence.voice.pitch_median_hz;
      if (med) {
        g.setLineDash([4, 4]);
        g.beginPath(); g.moveTo(0, y(med)); g.lineTo(w, y(med)); g.stroke();
        g.setLineDash([]);
      }
    }
  }
}
