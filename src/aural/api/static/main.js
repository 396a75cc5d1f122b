// aural playground: pick or record a clip, ask, show the answer, the bill and the evidence timeline.
// Plain ES modules, no build step, no dependencies; everything the page talks to is this server.
// This module wires the page: it reads the server's facts, then connects the controls to the modules.
//
//   state.js     the one declared page state          api.js       every fetch, one error shape
//   clip.js      take / refuse / decode a clip         recorder.js  microphone recording
//   ask.js       ask, show the answer, copy as code    snippets.js  the curl / httpx text
//   timeline.js  waveform, axis, curve canvases        lanes.js     the evidence lanes of spans
//   curves.js    pitch and loudness (pure)             playback.js  play a span, the playhead
//   errors.js    the error boxes                       format.js, dom.js   small helpers

import { fetchConfig, fetchUnderstandModels } from "./api.js";
import { ask, copySnippet } from "./ask.js";
import { takeFile, updateEstimate } from "./clip.js";
import { $, el } from "./dom.js";
import { fmtUsd } from "./format.js";
import { play, stopPlayback } from "./playback.js";
import { toggleRecord } from "./recorder.js";
import { clipDuration, state } from "./state.js";
import { drawAxis, drawCurves, drawWave } from "./timeline.js";

const KEY_STORE = "aural.apiKey";

async function loadConfig() {
  const config = await fetchConfig();
  if (config) state.config = { ...state.config, ...config };  // else keep the defaults
  $("version").textContent = state.config.version || "";
  const box = $("examples");
  box.replaceChildren();
  for (const q of state.config.example_questions || []) {
    box.append(el("button", { type: "button", class: "example", text: q,
                              onclick: () => { $("question").value = q; $("question").focus(); } }));
  }
  $("question").maxLength = state.config.max_question_chars || 4000;
}

async function loadModels() {
  const select = $("model");
  try {
    const entries = await fetchUnderstandModels();
    select.replaceChildren();
    entries.sort((a, b) => (a.alias_of ? 0 : 1) - (b.alias_of ? 0 : 1));
    for (const m of entries) {
      state.models.set(m.id, m);
      select.append(el("option", { value: m.id, text: `${m.id} · ${fmtUsd(m.price_per_minute_usd)}/min` }));
    }
    select.value = entries.some((m) => m.id === "audio-understand") ? "audio-understand" : entries[0].id;
  } catch (e) {
    $("model-hint").textContent = `Could not list the models (${e.message}); using audio-understand.`;
  }
  describeModel();
}

function describeModel() {
  const m = state.models.get($("model").value);
  if (m) $("model-hint").textContent = `${fmtUsd(m.price_per_minute_usd)} per started minute` +
    (m.description ? ` · ${m.description}` : m.alias_of ? ` · alias of ${m.alias_of}` : "");
  updateEstimate();
}

/** The API key field: kept in local storage (when the browser allows), shown on demand, forgotten on demand. */
function wireKey() {
  const key = $("key");
  try { key.value = localStorage.getItem(KEY_STORE) || ""; } catch { /* storage blocked */ }
  key.addEventListener("input", () => { try { localStorage.setItem(KEY_STORE, key.value.trim()); } catch { /* */ } });
  $("forget-key").addEventListener("click", () => {
    key.value = ""; try { localStorage.removeItem(KEY_STORE); } catch { /* */ } key.focus();
  });
  $("show-key").addEventListener("click", (e) => {
    const show = key.type === "password";
    key.type = show ? "text" : "password";
    e.currentTarget.setAttribute("aria-pressed", String(show));
    e.currentTarget.textContent = show ? "Hide" : "Show";
  });
}

/** Picking, dropping (on the zone or anywhere on the page) and recording a clip. */
function wireClip() {
  $("pick").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (e) => { const f = e.target.files[0]; if (f) takeFile(f); });
  $("record").addEventListener("click", () => toggleRecord(takeFile));
  const drop = $("drop");
  for (const t of ["dragenter", "dragover"]) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const t of ["dragleave", "drop"]) drop.addEventListener(t, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) takeFile(f);
  });
  // A file dropped beside the zone must not navigate away from the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f && !drop.contains(e.target)) takeFile(f);
  });
}

function init() {
  wireKey();
  wireClip();
  $("ask").addEventListener("submit", ask);
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("ask").requestSubmit(); }
  });
  $("model").addEventListener("change", describeModel);
  $("copy-curl").addEventListener("click", () => copySnippet("curl"));
  $("copy-python").addEventListener("click", () => copySnippet("python"));
  $("play-all").addEventListener("click", () => play(0, clipDuration(), "clip"));
  $("stop").addEventListener("click", stopPlayback);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") stopPlayback(); });
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => { drawWave(); drawAxis(); drawCurves(); });
  }).observe($("timeline"));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => { drawWave(); drawCurves(); });
  Promise.all([loadConfig(), loadModels()]).then(() => { document.body.dataset.ready = "1"; });
}

init();
