// The evidence lanes under the waveform: sound events, speech, music, voice cues. Each span is a button
// that plays its part of the clip.

import { $, el } from "./dom.js";
import { fmtTime, pct } from "./format.js";
import { play } from "./playback.js";
import { clipDuration, state } from "./state.js";
import { drawCurves } from "./timeline.js";

const MAX_EVENT_ROWS = 10;

/** Replace the lanes with those of `ev` (a response's evidence) and the engine's notes. */
export function drawLanes(ev) {
  $("lanes").replaceChildren(eventsLane(ev), speechLane(ev), musicLane(ev), voiceLane(ev));
  const warnings = ev.warnings || [];
  $("lanes-note").textContent = warnings.length ? `Engine notes: ${warnings.join("; ")}` : "";
  requestAnimationFrame(drawCurves);
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

function laneHead(title, meta) {
  return el("div", { class: "lane-head" }, el("span", { class: "swatch", "aria-hidden": "true" }),
            el("h3", { class: "visually-hidden", text: title }), el("span", { text: title }),
            meta ? el("span", { class: "meta", text: meta }) : null);
}

function lane(kind, title) {
  return el("section", { class: `lane lane-${kind}`, "data-lane": kind, "aria-label": title });
}

function eventsLane(ev) {
  const section = lane("events", "Sound events");
  const byLabel = new Map();
  for (const e of ev.events || []) {
    if (!byLabel.has(e.label)) byLabel.set(e.label, []);
    byLabel.get(e.label).push(e);
  }
  const labels = [...byLabel.entries()]
    .map(([label, spans]) => [label, spans, Math.max(...spans.map((s) => s.score))])
    .sort((a, b) => b[2] - a[2]);
  const shown = labels.slice(0, MAX_EVENT_ROWS);
  section.append(laneHead("Sound events",
    labels.length ? `${labels.length} AudioSet classes (YAMNet), peak confidence on each span` : ""));
  if (!shown.length) section.append(el("p", { class: "empty", text: "No sound events above the threshold." }));
  for (const [label, spans] of shown) {
    const track = el("div", { class: "track" });
    for (const s of spans) track.append(spanButton("events", label, s.start, s.end, s.score));
    section.append(row(label, track));
  }
  if (labels.length > shown.length) {
    section.append(el("p", { class: "empty", text: `and ${labels.length - shown.length} weaker classes: ` +
      labels.slice(shown.length).map(([l]) => l).join(", ") }));
  }
  return section;
}

function speechLane(ev) {
  const sp = ev.speech || {};
  const section = lane("speech", "Speech");
  let meta = sp.present ? `speech ${pct(sp.confidence)} confident, ${(sp.speech_seconds || 0).toFixed(1)} s` :
    `no speech (confidence ${pct(sp.confidence)})`;
  if (sp.language) meta += ` · ${sp.language.name} (${pct(sp.language.probability)}${sp.language.uncertain ? ", uncertain" : ""})`;
  section.append(laneHead("Speech", meta));
  const segs = sp.segments || [];
  if (segs.length) {
    const track = el("div", { class: "track" });
    for (const s of segs) track.append(spanButton("speech", "Speech", s.start, s.end, sp.confidence, "speech"));
    section.append(row("Voice activity", track));
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
    section.append(row("Transcript", track));
    if (words.length) {
      const wt = el("div", { class: "track" });
      for (const w of words) {
        const b = spanButton("speech", "Word", w.start, w.end, w.probability, w.text.trim(), `“${w.text.trim()}”`);
        b.classList.add("word");
        wt.append(b);
      }
      section.append(row("Words", wt));
    }
  } else if (sp.present) {
    section.append(el("p", { class: "empty", text: "No transcript." }));
  }
  if (!segs.length && !transcript.length) section.append(el("p", { class: "empty", text: "No speech heard." }));
  return section;
}

function musicLane(ev) {
  const mu = ev.music || {};
  const section = lane("music", "Music");
  const bits = [];
  if (mu.tempo_bpm) bits.push(`${Math.round(mu.tempo_bpm)} BPM (${pct(mu.tempo_confidence)})`);
  if (mu.key) bits.push(`${mu.key} ${mu.mode || ""} (${pct(mu.key_confidence)})`.replace(" (", " (").trim());
  if ((mu.instruments || []).length) bits.push(mu.instruments.slice(0, 3).map((i) => `${i.label} ${pct(i.score)}`).join(", "));
  if ((mu.genres || []).length) bits.push(mu.genres.slice(0, 2).map((i) => `${i.label} ${pct(i.score)}`).join(", "));
  const meta = mu.present ? `music ${pct(mu.confidence)} confident${bits.length ? " · " + bits.join(" · ") : ""}` :
    `no music (confidence ${pct(mu.confidence)})`;
  section.append(laneHead("Music", meta));
  const spans = mu.spans || [];
  if (spans.length) {
    const track = el("div", { class: "track" });
    const text = [mu.tempo_bpm ? `${Math.round(mu.tempo_bpm)} BPM` : "", mu.key ? `${mu.key} ${mu.mode || ""}`.trim() : ""]
      .filter(Boolean).join(" · ") || "music";
    for (const s of spans) track.append(spanButton("music", "Music", s.start, s.end, mu.confidence, text));
    section.append(row("Sections", track));
  } else {
    section.append(el("p", { class: "empty", text: "No music sections." }));
  }
  return section;
}

function voiceLane(ev) {
  const v = ev.voice;
  const section = lane("voice", "Voice cues");
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
  section.append(laneHead("Voice cues", v ? bits.join(" · ") : "no voice analysed"));
  if (state.buffer) {
    section.append(row("Pitch (browser)", el("div", { class: "track curve-track" },
      el("canvas", { class: "curve", "data-curve": "pitch", role: "img",
                     "aria-label": "Pitch contour of the speech, estimated in this browser" }))));
    section.append(row("Loudness", el("div", { class: "track curve-track" },
      el("canvas", { class: "curve", "data-curve": "loudness", role: "img",
                     "aria-label": "Loudness over time, -60 to 0 dBFS" }))));
  }
  const tones = (v && v.emotion && v.emotion.timeline) || [];  // evidence 1.1 and later
  if (tones.length) {
    const track = el("div", { class: "track" });
    for (const t of tones) track.append(spanButton("voice", "Tone", t.start, t.end, t.confidence, t.label));
    section.append(row("Tone over time", track));
  }
  const vocal = (v && v.vocal_events) || [];
  if (vocal.length) {
    const track = el("div", { class: "track" });
    for (const e of vocal) track.append(spanButton("voice", e.label, e.start, e.end, e.score, e.label));
    section.append(row("Vocal sounds", track));
  }
  return section;
}

