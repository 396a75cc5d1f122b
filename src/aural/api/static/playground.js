// aural playground: pick or record a clip, ask, show the answer, the bill and the evidence timeline.
// Plain ES module, no dependencies; everything it talks to is this server.

const $ = (id) => document.getElementById(id);
const KEY_STORE = "aural.apiKey";
const FALLBACK_MAX = 25 * 1024 * 1024;

const state = {
  config: { max_upload_bytes: FALLBACK_MAX, too_large_message: "the file is larger than the 25 MB limit",
            example_questions: [] },
  models: new Map(),   // id -> model entry of GET /v1/models
  file: null,          // File or Blob with a name
  fileName: "",
  buffer: null,        // decoded AudioBuffer
  duration: null,      // seconds, decoded
  lastRequest: null,   // {fields, fileName, type} for "copy as"
  evidence: null,
  ctx: null,
  source: null,
  playStart: 0, playFrom: 0, playTo: 0, raf: 0,
};

// ---------- formatting ----------
function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MB`;
}
function fmtTime(s) {
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${m}:${rest < 10 ? "0" : ""}${rest.toFixed(1)}`;
}
function fmtUsd(v) { return typeof v === "number" ? `$${v.toFixed(6)}` : String(v); }
function pct(x) { return `${Math.round((x || 0) * 100)}%`; }
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") Object.assign(node.style, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
function setHidden(node, hidden) { node.hidden = hidden; }

// ---------- errors in plain words ----------
const PLAIN = {
  "400 invalid_request": "The request was not accepted.",
  "400 not_an_audio_model": "That model does not answer questions about audio. Pick one from the list.",
  "401 auth_error": "The API key was not accepted. Paste a valid key in the API key field (make one with: aural keys create ACCOUNT).",
  "402 billing_error": "The account's balance does not cover this clip. Add credit with: aural credits add ACCOUNT USD.",
  "404 not_enabled": "Audio understanding is not enabled for this account. An operator can turn it on with: aural accounts set-audio ACCOUNT on.",
  "413 invalid_request": "The file is too large to send.",
  "429 rate_limit_exceeded": "Too many requests for this key.",
  "502 provider_error": "The model failed on this clip. Nothing was charged; try again or try another clip.",
  "500 internal_error": "The server hit an internal error. Nothing was charged.",
};
function showError(box, status, code, message, extra, said = "Server said: ") {
  box.replaceChildren();
  const words = PLAIN[`${status} ${code}`] || (status >= 500 ? "The server could not answer." : "The request failed.");
  box.append(el("p", {}, el("span", { class: "code", text: `${status} ${code}` }), ` · ${words}`));
  if (message) box.append(el("p", { class: "server-message" }, said, el("q", { text: message })));
  if (extra) box.append(el("p", { text: extra }));
  box.dataset.status = String(status);
  box.dataset.code = code;
  setHidden(box, false);
}
function clearError(box) { box.replaceChildren(); setHidden(box, true); delete box.dataset.status; delete box.dataset.code; }

// ---------- server facts ----------
async function loadConfig() {
  try {
    const r = await fetch("/playground/config");
    if (r.ok) state.config = await r.json();
  } catch { /* keep the defaults */ }
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
  const hint = $("model-hint");
  try {
    const r = await fetch("/v1/models");
    const body = await r.json();
    const entries = (body.data || []).filter((m) => m.kind === "understand");
    if (!entries.length) throw new Error("no audio-understanding model is served here");
    select.replaceChildren();
    entries.sort((a, b) => (a.alias_of ? 0 : 1) - (b.alias_of ? 0 : 1));
    for (const m of entries) {
      state.models.set(m.id, m);
      select.append(el("option", { value: m.id, text: `${m.id} · ${fmtUsd(m.price_per_minute_usd)}/min` }));
    }
    select.value = entries.some((m) => m.id === "audio-understand") ? "audio-understand" : entries[0].id;
  } catch (e) {
    hint.textContent = `Could not list the models (${e.message}); using audio-understand.`;
  }
  describeModel();
}
function describeModel() {
  const m = state.models.get($("model").value);
  if (m) $("model-hint").textContent = `${fmtUsd(m.price_per_minute_usd)} per started minute` +
    (m.description ? ` · ${m.description}` : m.alias_of ? ` · alias of ${m.alias_of}` : "");
  updateEstimate();
}

// ---------- the clip ----------
function audioContext() {
  if (!state.ctx) state.ctx = new (window.AudioContext || window.webkitAudioContext)();
  return state.ctx;
}

async function takeFile(file, name) {
  stopPlayback();
  const info = $("clip-info");
  const err = $("clip-error");
  clearError(err);
  clearError($("error"));
  $("status").textContent = "Choose a clip and a question, then press Ask.";
  state.file = null; state.buffer = null; state.duration = null; state.evidence = null;
  state.fileName = name || file.name || "clip";
  setHidden($("timeline-card"), true);
  const max = state.config.max_upload_bytes || FALLBACK_MAX;
  if (file.size > max) {
    info.textContent = `${state.fileName} · ${fmtBytes(file.size)} · not sent.`;
    showError(err, 413, "invalid_request", state.config.too_large_message,
              `Nothing was uploaded. The limit is ${fmtBytes(max)}.`, "The API would answer: ");
    updateSend();
    return;
  }
  if (file.size === 0) {
    info.textContent = `${state.fileName} is empty.`;
    showError(err, 400, "invalid_request", "'file' is empty", null, "The API would answer: ");
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

function updateSend() {
  $("send").disabled = !state.file;
  updateEstimate();
}
function updateEstimate() {
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

// ---------- recording ----------
let recorder = null;
let recordTimer = 0;
async function toggleRecord() {
  const btn = $("record");
  if (recorder && recorder.state === "recording") { recorder.stop(); return; }
  const err = $("clip-error");
  clearError(err);
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    showError(err, 0, "no_microphone", null, "This browser cannot record here (recording needs https or localhost).");
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    showError(err, 0, "no_microphone", null, `The microphone is not available: ${e.message || e.name}.`);
    return;
  }
  const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"]
    .find((t) => MediaRecorder.isTypeSupported(t)) || "";
  recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  const t0 = performance.now();
  recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
  recorder.onstop = () => {
    clearInterval(recordTimer);
    stream.getTracks().forEach((t) => t.stop());
    btn.textContent = "Record from the microphone";
    btn.setAttribute("aria-pressed", "false");
    const mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
    const ext = mime.includes("ogg") ? "ogg" : mime.includes("mp4") ? "m4a" : "webm";
    const blob = new Blob(chunks, { type: mime });
    takeFile(new File([blob], `recording.${ext}`, { type: mime }));
  };
  recorder.start(250);
  btn.textContent = "Stop recording";
  btn.setAttribute("aria-pressed", "true");
  recordTimer = setInterval(() => {
    $("clip-info").textContent = `Recording… ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }, 200);
}

// ---------- asking ----------
function maskKey(key) {
  if (!key) return "(none)";
  return key.length > 14 ? `${key.slice(0, 9)}…${key.slice(-4)}` : "…";
}

async function ask(event) {
  event.preventDefault();
  if (!state.file) return;
  const status = $("status");
  const errBox = $("error");
  clearError(errBox);
  setHidden($("result"), true);
  const question = $("question").value.trim();
  if (!question) {
    showError(errBox, 400, "invalid_request", "'question' is required", "Type a question or pick an example.",
              "The API would answer: ");
    $("question").focus();
    return;
  }
  const key = $("key").value.trim();
  const fields = [["model", $("model").value], ["question", question]];
  if (state.duration) fields.push(["duration_sec", state.duration.toFixed(3)]);
  const withEvidence = $("evidence").checked;
  if (withEvidence) fields.push(["include_evidence", "true"]);
  state.lastRequest = { fields, fileName: state.fileName, type: state.file.type || "application/octet-stream",
                        keyHint: maskKey(key) };
  setHidden($("copy"), false);
  setHidden($("snippet"), true);
  $("copied").textContent = "";

  const form = new FormData();
  form.append("file", state.file, state.fileName);
  for (const [k, v] of fields) form.append(k, v);
  const headers = key ? { Authorization: `Bearer ${key}` } : {};
  $("send").disabled = true;
  status.textContent = "Listening… (the first request after a start also loads the models)";
  const t0 = performance.now();
  let response;
  try {
    response = await fetch("/v1/audio/understand", { method: "POST", body: form, headers });
  } catch (e) {
    status.textContent = "";
    showError(errBox, 0, "network_error", null,
              `Could not reach the aural server at ${location.origin} (${e.message}). Is \`aural serve\` running?`);
    updateSend();
    return;
  }
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  updateSend();
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (!response.ok || !body || body.error) {
    status.textContent = `Failed after ${secs} s.`;
    const e = (body && body.error) || { code: "unexpected_response", message: `HTTP ${response.status} without a JSON error body` };
    let extra = null;
    if (response.status === 429) {
      const retry = response.headers.get("Retry-After");
      if (retry) extra = `Try again in ${retry} s.`;
    }
    showError(errBox, response.status, e.code, e.message, extra);
    return;
  }
  status.textContent = `Answered in ${secs} s.`;
  showResult(body);
  if (body.evidence) {
    state.evidence = body.evidence;
    drawTimelineShell();
    drawLanes(body.evidence);
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

// ---------- copy as curl / Python ----------
function shellQuote(s) { return `'${String(s).replace(/'/g, "'\\''")}'`; }
function curlSnippet(r) {
  const parts = [
    `curl -X POST ${location.origin}/v1/audio/understand`,
    `  -H "Authorization: Bearer $AURAL_API_KEY"`,
    `  -F ${shellQuote(`file=@${r.fileName}`)}`,
    ...r.fields.map(([k, v]) => `  --form-string ${shellQuote(`${k}=${v}`)}`),
  ];
  return `# AURAL_API_KEY holds your key (${r.keyHint})\n${parts.join(" \\\n")}\n`;
}
function pySnippet(r) {
  const data = r.fields.map(([k, v]) => `            ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join("\n");
  return [
    "import os",
    "",
    "import httpx",
    "",
    `# AURAL_API_KEY holds your key (${r.keyHint})`,
    `with open(${JSON.stringify(r.fileName)}, "rb") as f:`,
    "    response = httpx.post(",
    `        ${JSON.stringify(location.origin + "/v1/audio/understand")},`,
    '        headers={"Authorization": f"Bearer {os.environ[\'AURAL_API_KEY\']}"},',
    `        files={"file": (${JSON.stringify(r.fileName)}, f, ${JSON.stringify(r.type)})},`,
    "        data={",
    data,
    "        },",
    "        timeout=300,",
    "    )",
    "print(response.json())",
    "",
  ].join("\n");
}
async function copySnippet(kind) {
  if (!state.lastRequest) return;
  const text = kind === "curl" ? curlSnippet(state.lastRequest) : pySnippet(state.lastRequest);
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

// ---------- timeline ----------
function clipDuration() {
  return (state.evidence && state.evidence.source && state.evidence.source.duration_s) || state.duration || 0;
}

function drawTimelineShell() {
  if (!state.buffer && !state.evidence) return;
  setHidden($("timeline-card"), false);
  if (!state.evidence) {
    $("lanes").replaceChildren();
    $("lanes-note").textContent = "Ask a question (with the evidence timeline on) to see what was heard, and when.";
  }
  drawWave();
  drawAxis();
}

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  return [w, h];
}

function mono() {
  const b = state.buffer;
  if (!b) return null;
  if (state.mono && state.mono.buffer === b) return state.mono.data;
  const data = new Float32Array(b.length);
  for (let c = 0; c < b.numberOfChannels; c++) {
    const ch = b.getChannelData(c);
    for (let i = 0; i < ch.length; i++) data[i] += ch[i] / b.numberOfChannels;
  }
  state.mono = { buffer: b, data };
  return data;
}

function drawWave() {
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

function drawAxis() {
  const axis = $("axis");
  axis.replaceChildren();
  const total = clipDuration();
  if (!total) return;
  const steps = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  const width = axis.clientWidth || 600;
  const maxTicks = Math.max(2, Math.floor(width / 60));
  const step = steps.find((s) => total / s <= maxTicks) || 1200;
  for (let t = 0; t <= total + 1e-6; t += step) {
    const near = (total - t) / total < 0.04;
    axis.append(el("span", { class: near && t > 0 ? "end" : null, style: { left: `${(t / total) * 100}%` },
                             text: fmtTime(t).replace(/\.0$/, "") }));
  }
}

function spanButton(lane, label, start, end, score, text, extraTitle = "") {
  const total = clipDuration() || 1;
  const left = Math.max(0, Math.min(100, (start / total) * 100));
  const width = Math.max(0.4, Math.min(100 - left, ((end - start) / total) * 100));
  const conf = score === null || score === undefined ? "" : `, confidence ${pct(score)}`;
  const title = `${label}: ${fmtTime(start)}–${fmtTime(end)}${conf}${extraTitle ? ` · ${extraTitle}` : ""}`;
  return el("button", {
    type: "button", class: "span", title, "aria-label": `Play ${title}`,
    "data-lane": lane, "data-label": label, "data-start": start.toFixed(2), "data-end": end.toFixed(2),
    "data-score": score === null || score === undefined ? null : score.toFixed(3),
    style: { left: `${left}%`, width: `${width}%`, opacity: score === null || score === undefined ? 1 : String(0.55 + 0.45 * score) },
    text: text === undefined ? (score === null || score === undefined ? label : pct(score)) : text,
    onclick: () => play(start, end, label),
  });
}

function row(label, track) {
  return el("div", { class: "row" }, el("div", { class: "row-label", title: label, text: label }), track);
}
function laneHead(kind, title, meta) {
  return el("div", { class: "lane-head" }, el("span", { class: "swatch", "aria-hidden": "true" }),
            el("h3", { class: "visually-hidden", text: title }), el("span", { text: title }),
            meta ? el("span", { class: "meta", text: meta }) : null);
}

function drawLanes(ev) {
  const lanes = $("lanes");
  lanes.replaceChildren(eventsLane(ev), speechLane(ev), musicLane(ev), voiceLane(ev));
  const warnings = ev.warnings || [];
  $("lanes-note").textContent = warnings.length ? `Engine notes: ${warnings.join("; ")}` : "";
  requestAnimationFrame(drawCurves);
}

function eventsLane(ev) {
  const lane = el("section", { class: "lane lane-events", "data-lane": "events", "aria-label": "Sound events" });
  const byLabel = new Map();
  for (const e of ev.events || []) {
    if (!byLabel.has(e.label)) byLabel.set(e.label, []);
    byLabel.get(e.label).push(e);
  }
  const labels = [...byLabel.entries()]
    .map(([label, spans]) => [label, spans, Math.max(...spans.map((s) => s.score))])
    .sort((a, b) => b[2] - a[2]);
  const shown = labels.slice(0, 10);
  lane.append(laneHead("events", "Sound events",
    labels.length ? `${labels.length} AudioSet classes (YAMNet), peak confidence on each span` : ""));
  if (!shown.length) lane.append(el("p", { class: "empty", text: "No sound events above the threshold." }));
  for (const [label, spans] of shown) {
    const track = el("div", { class: "track" });
    for (const s of spans) track.append(spanButton("events", label, s.start, s.end, s.score));
    lane.append(row(label, track));
  }
  if (labels.length > shown.length) {
    lane.append(el("p", { class: "empty", text: `and ${labels.length - shown.length} weaker classes: ` +
      labels.slice(shown.length).map(([l]) => l).join(", ") }));
  }
  return lane;
}

function speechLane(ev) {
  const sp = ev.speech || {};
  const lane = el("section", { class: "lane lane-speech", "data-lane": "speech", "aria-label": "Speech" });
  let meta = sp.present ? `speech ${pct(sp.confidence)} confident, ${(sp.speech_seconds || 0).toFixed(1)} s` :
    `no speech (confidence ${pct(sp.confidence)})`;
  if (sp.language) meta += ` · ${sp.language.name} (${pct(sp.language.probability)}${sp.language.uncertain ? ", uncertain" : ""})`;
  lane.append(laneHead("speech", "Speech", meta));
  const segs = sp.segments || [];
  if (segs.length) {
    const track = el("div", { class: "track" });
    for (const s of segs) track.append(spanButton("speech", "Speech", s.start, s.end, sp.confidence, "speech"));
    lane.append(row("Voice activity", track));
  }
  const transcript = sp.transcript || [];
  if (transcript.length) {
    const track = el("div", { class: "track" });
    const words = [];
    for (const t of transcript) {
      const probs = (t.words || []).map((w) => w.probability);
      const conf = probs.length ? probs.reduce((a, b) => a + b, 0) / probs.length : null;
      const b = spanButton("speech", "Transcript", t.start, t.end, conf, t.text.trim(), `“${t.text.trim()}”`);
      b.dataset.text = t.text.trim();
      track.append(b);
      words.push(...(t.words || []));
    }
    lane.append(row("Transcript", track));
    if (words.length) {
      const wt = el("div", { class: "track" });
      for (const w of words) {
        const b = spanButton("speech", "Word", w.start, w.end, w.probability, w.text.trim(), `“${w.text.trim()}”`);
        b.classList.add("word");
        wt.append(b);
      }
      lane.append(row("Words", wt));
    }
  } else if (sp.present) {
    lane.append(el("p", { class: "empty", text: "No transcript." }));
  }
  if (!segs.length && !transcript.length) lane.append(el("p", { class: "empty", text: "No speech heard." }));
  return lane;
}

function musicLane(ev) {
  const mu = ev.music || {};
  const lane = el("section", { class: "lane lane-music", "data-lane": "music", "aria-label": "Music" });
  const bits = [];
  if (mu.tempo_bpm) bits.push(`${Math.round(mu.tempo_bpm)} BPM (${pct(mu.tempo_confidence)})`);
  if (mu.key) bits.push(`${mu.key} ${mu.mode || ""} (${pct(mu.key_confidence)})`.replace(" (", " (").trim());
  if ((mu.instruments || []).length) bits.push(mu.instruments.slice(0, 3).map((i) => `${i.label} ${pct(i.score)}`).join(", "));
  if ((mu.genres || []).length) bits.push(mu.genres.slice(0, 2).map((i) => `${i.label} ${pct(i.score)}`).join(", "));
  const meta = mu.present ? `music ${pct(mu.confidence)} confident${bits.length ? " · " + bits.join(" · ") : ""}` :
    `no music (confidence ${pct(mu.confidence)})`;
  lane.append(laneHead("music", "Music", meta));
  const spans = mu.spans || [];
  if (spans.length) {
    const track = el("div", { class: "track" });
    const text = [mu.tempo_bpm ? `${Math.round(mu.tempo_bpm)} BPM` : "", mu.key ? `${mu.key} ${mu.mode || ""}`.trim() : ""]
      .filter(Boolean).join(" · ") || "music";
    for (const s of spans) track.append(spanButton("music", "Music", s.start, s.end, mu.confidence, text));
    lane.append(row("Sections", track));
  } else {
    lane.append(el("p", { class: "empty", text: "No music sections." }));
  }
  return lane;
}

function voiceLane(ev) {
  const v = ev.voice;
  const lane = el("section", { class: "lane lane-voice", "data-lane": "voice", "aria-label": "Voice cues" });
  const bits = [];
  if (v) {
    if (v.pitch_median_hz) bits.push(`pitch median ${Math.round(v.pitch_median_hz)} Hz` +
      (v.pitch_range_semitones !== null && v.pitch_range_semitones !== undefined ? `, range ${v.pitch_range_semitones.toFixed(1)} st` : ""));
    if (v.loudness_db !== null && v.loudness_db !== undefined) bits.push(`level ${v.loudness_db.toFixed(1)} dBFS`);
    if (v.speaking_rate_wps) bits.push(`${v.speaking_rate_wps.toFixed(1)} words/s`);
    if (v.pauses) bits.push(`${v.pauses} pauses`);
    if (v.emotion) bits.push(`tone: ${v.emotion.label} (${pct(v.emotion.confidence)})`);
    if (v.gender) bits.push(`voice: ${v.gender.label} (${pct(v.gender.confidence)})`);
  }
  lane.append(laneHead("voice", "Voice cues", v ? bits.join(" · ") : "no voice analysed"));
  if (state.buffer) {
    lane.append(row("Pitch (browser)", el("div", { class: "track curve-track" },
      el("canvas", { class: "curve", "data-curve": "pitch", role: "img",
                     "aria-label": "Pitch contour of the speech, estimated in this browser" }))));
    lane.append(row("Loudness", el("div", { class: "track curve-track" },
      el("canvas", { class: "curve", "data-curve": "loudness", role: "img",
                     "aria-label": "Loudness over time, -60 to 0 dBFS" }))));
  }
  const tones = (v && v.emotion && v.emotion.timeline) || [];  // evidence 1.1 and later
  if (tones.length) {
    const track = el("div", { class: "track" });
    for (const t of tones) track.append(spanButton("voice", "Tone", t.start, t.end, t.confidence, t.label));
    lane.append(row("Tone over time", track));
  }
  const vocal = (v && v.vocal_events) || [];
  if (vocal.length) {
    const track = el("div", { class: "track" });
    for (const e of vocal) track.append(spanButton("voice", e.label, e.start, e.end, e.score, e.label));
    lane.append(row("Vocal sounds", track));
  }
  return lane;
}

// Pitch (autocorrelation over the speech segments) and loudness (RMS) from the decoded audio.
function curves() {
  if (state.curves && state.curves.buffer === state.buffer && state.curves.evidence === state.evidence) return state.curves;
  const data = mono();
  const sr = state.buffer.sampleRate;
  const factor = Math.max(1, Math.floor(sr / 8000));
  const dsr = sr / factor;
  const n = Math.floor(data.length / factor);
  const ds = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < factor; j++) s += data[i * factor + j];
    ds[i] = s / factor;
  }
  const total = clipDuration();
  const hop = Math.max(0.02, total / 1500);
  const win = Math.round(0.04 * dsr);
  const loud = [];
  const pitch = [];
  const segs = ((state.evidence && state.evidence.speech && state.evidence.speech.segments) || []);
  const inSpeech = (t) => segs.some((s) => t >= s.start && t <= s.end);
  const minLag = Math.floor(dsr / 1000), maxLag = Math.ceil(dsr / 60);
  for (let t = 0; t < total; t += hop) {
    const from = Math.floor(t * dsr);
    if (from + win + maxLag >= n) break;
    let e = 0;
    for (let i = from; i < from + win; i++) e += ds[i] * ds[i];
    const rms = Math.sqrt(e / win);
    loud.push([t, rms > 0 ? 20 * Math.log10(rms) : -120]);
    if (!inSpeech(t) || rms < 0.01) { pitch.push([t, null]); continue; }
    let best = 0, bestLag = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let c = 0, e2 = 0;
      for (let i = from; i < from + win; i++) { c += ds[i] * ds[i + lag]; e2 += ds[i + lag] * ds[i + lag]; }
      const r = c / Math.sqrt(e * e2 + 1e-12);
      if (r > best) { best = r; bestLag = lag; }
    }
    pitch.push([t, best > 0.6 && bestLag ? dsr / bestLag : null]);
  }
  state.curves = { buffer: state.buffer, evidence: state.evidence, loud, pitch };
  return state.curves;
}

function drawCurves() {
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
        const x = (t / total) * w, y = h - Math.max(0, Math.min(1, (db + 60) / 60)) * h;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    } else {
      // log scale 60-1000 Hz; the engine's median as a dashed line
      const y = (hz) => h - (Math.log(hz / 60) / Math.log(1000 / 60)) * h;
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

// ---------- playback ----------
function play(start, end, label) {
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
function stopPlayback() {
  if (state.source) { try { state.source.stop(); } catch { /* already stopped */ } state.source = null; }
  cancelAnimationFrame(state.raf);
  setHidden($("playhead"), true);
  $("playing").textContent = "";
}

// ---------- wiring ----------
function init() {
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
  $("pick").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (e) => { const f = e.target.files[0]; if (f) takeFile(f); });
  $("record").addEventListener("click", toggleRecord);
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
