// Small DOM helpers shared by the modules: lookup, element building, canvas sizing, theme colours.

export const $ = (id) => document.getElementById(id);

/** el("button", {class, text, onclick, style, data-*...}, ...children) */
export function el(tag, attrs = {}, ...children) {
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

export function setHidden(node, hidden) { node.hidden = hidden; }

export function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

/** Size a canvas's backing store to its CSS box at the device's pixel ratio; returns [width, height]. */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  return [w, h];
}
