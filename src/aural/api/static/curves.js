// The browser's own reading of the decoded clip: a mono mix, a loudness curve (RMS) and a pitch contour
// (autocorrelation over the speech segments). Pure functions of samples: no DOM, no page state.

const TARGET_RATE_HZ = 8000;     // downsampled to about this before the curves are read
const WINDOW_S = 0.04;           // analysis window
const MIN_HOP_S = 0.02;          // hop between readings (longer on long clips: at most ~1500 readings)
const MAX_POINTS = 1500;
const PITCH_MIN_HZ = 60;
const PITCH_MAX_HZ = 1000;
const VOICED_RMS = 0.01;         // quieter windows get no pitch
const VOICED_CORRELATION = 0.6;  // normalised autocorrelation peak needed to call a window voiced
const SILENCE_DB = -120;

/** The channels of an AudioBuffer averaged into one Float32Array of buffer.length samples. */
export function monoMix(buffer) {
  const data = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const ch = buffer.getChannelData(c);
    for (let i = 0; i < ch.length; i++) data[i] += ch[i] / buffer.numberOfChannels;
  }
  return data;
}

/** Block-average `data` by an integer factor; returns [samples, their rate]. */
function downsample(data, sampleRate) {
  const factor = Math.max(1, Math.floor(sampleRate / TARGET_RATE_HZ));
  const n = Math.floor(data.length / factor);
  const ds = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < factor; j++) s += data[i * factor + j];
    ds[i] = s / factor;
  }
  return [ds, sampleRate / factor];
}

/** Lag (in samples) of the best normalised autocorrelation in [minLag, maxLag], and its value. */
function bestLag(ds, from, win, energy, minLag, maxLag) {
  let best = 0, lagAtBest = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    let c = 0, e2 = 0;
    for (let i = from; i < from + win; i++) { c += ds[i] * ds[i + lag]; e2 += ds[i + lag] * ds[i + lag]; }
    const r = c / Math.sqrt(energy * e2 + 1e-12);
    if (r > best) { best = r; lagAtBest = lag; }
  }
  return [lagAtBest, best];
}

/**
 * Loudness and pitch over a clip.
 * data: mono samples at sampleRate; total: the timeline's length in seconds;
 * speech: [{start, end}] seconds, where pitch is read (elsewhere it is null).
 * Returns {loud: [t, dBFS][], pitch: [t, Hz | null][]}, one entry per hop.
 */
export function pitchAndLoudness(data, sampleRate, total, speech) {
  const [ds, dsr] = downsample(data, sampleRate);
  const n = ds.length;
  const hop = Math.max(MIN_HOP_S, total / MAX_POINTS);
  const win = Math.round(WINDOW_S * dsr);
  const inSpeech = (t) => speech.some((s) => t >= s.start && t <= s.end);
  const minLag = Math.floor(dsr / PITCH_MAX_HZ), maxLag = Math.ceil(dsr / PITCH_MIN_HZ);
  const loud = [];
  const pitch = [];
  for (let t = 0; t < total; t += hop) {
    const from = Math.floor(t * dsr);
    if (from + win + maxLag >= n) break;
    let e = 0;
    for (let i = from; i < from + win; i++) e += ds[i] * ds[i];
    const rms = Math.sqrt(e / win);
    loud.push([t, rms > 0 ? 20 * Math.log10(rms) : SILENCE_DB]);
    if (!inSpeech(t) || rms < VOICED_RMS) { pitch.push([t, null]); continue; }
    const [lag, r] = bestLag(ds, from, win, e, minLag, maxLag);
    pitch.push([t, r > VOICED_CORRELATION && lag ? dsr / lag : null]);
  }
  return { loud, pitch };
}
