// The page's one state object. Every field is declared here, and the object is sealed: a module that
// assigns a field not listed below throws a TypeError (modules run in strict mode) instead of adding it.

export const FALLBACK_MAX_BYTES = 25 * 1024 * 1024;

export const state = Object.seal({
  // Server facts from GET /playground/config (the defaults stand if it cannot be read).
  config: { max_upload_bytes: FALLBACK_MAX_BYTES, too_large_message: "", max_question_chars: 4000,
            example_questions: [], version: "" },
  models: new Map(),   // id -> model entry of GET /v1/models (understanding models only)

  // The clip.
  file: null,          // File (or a recording as a File)
  fileName: "",
  buffer: null,        // decoded AudioBuffer, or null when the browser cannot decode the clip
  duration: null,      // seconds, decoded

  // The last request and its evidence.
  lastRequest: null,   // {fields, fileName, type, keyHint} for "copy as"
  evidence: null,      // the response's `evidence` object

  // Derived from the clip, cached per buffer (and per evidence for the curves).
  mono: null,          // {buffer, data: Float32Array}
  curves: null,        // {buffer, evidence, loud: [t, dB][], pitch: [t, Hz|null][]}

  // Playback.
  ctx: null,           // AudioContext, made on first use
  source: null,        // the AudioBufferSourceNode playing now
  playStart: 0,        // ctx.currentTime when it started
  playFrom: 0,         // seconds into the clip
  playTo: 0,
  raf: 0,              // requestAnimationFrame id of the playhead

  // Recording.
  recorder: null,      // MediaRecorder
  recordTimer: 0,      // setInterval id of the "Recording… n s" line
});

/** The timeline's length in seconds: the engine's view of the clip when there is one, else the decoded one. */
export function clipDuration() {
  return (state.evidence && state.evidence.source && state.evidence.source.duration_s) || state.duration || 0;
}
