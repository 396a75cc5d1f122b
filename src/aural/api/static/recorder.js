// Recording from the microphone (MediaRecorder; browsers allow it on localhost or https).
// The Record button toggles; the finished recording is handed to `onClip` as a File.

import { $ } from "./dom.js";
import { clearError, showError } from "./errors.js";
import { state } from "./state.js";

const RECORD_LABEL = "Record from the microphone";
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];

function noMicrophone(message) {
  showError($("clip-error"), { status: 0, code: "no_microphone", message });
}

/** Start recording, or stop the recording in progress; `onClip(file)` gets the result. */
export async function toggleRecord(onClip) {
  if (state.recorder && state.recorder.state === "recording") { state.recorder.stop(); return; }
  clearError($("clip-error"));
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    noMicrophone("This browser cannot record here (recording needs https or localhost).");
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    noMicrophone(`The microphone is not available: ${e.message || e.name}.`);
    return;
  }
  const type = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) || "";
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  state.recorder = recorder;
  const btn = $("record");
  const chunks = [];
  const t0 = performance.now();
  recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
  recorder.onstop = () => {
    clearInterval(state.recordTimer);
    stream.getTracks().forEach((t) => t.stop());
    btn.textContent = RECORD_LABEL;
    btn.setAttribute("aria-pressed", "false");
    const mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
    const ext = mime.includes("ogg") ? "ogg" : mime.includes("mp4") ? "m4a" : "webm";
    const blob = new Blob(chunks, { type: mime });
    onClip(new File([blob], `recording.${ext}`, { type: mime }));
  };
  recorder.start(250);
  btn.textContent = "Stop recording";
  btn.setAttribute("aria-pressed", "true");
  state.recordTimer = setInterval(() => {
    $("clip-info").textContent = `Recording… ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }, 200);
}
