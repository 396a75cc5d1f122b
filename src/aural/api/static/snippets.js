// "Copy as curl" and "Copy as Python (httpx)": the request just made, as text, with the key left out.
// r: {fields: [name, value][], fileName, type, keyHint} (state.lastRequest); origin: this server.

import { UNDERSTAND_URL } from "./api.js";

function shellQuote(s) { return `'${String(s).replace(/'/g, "'\\''")}'`; }

export function curlSnippet(r, origin) {
  const parts = [
    `curl -X POST ${origin}${UNDERSTAND_URL}`,
    `  -H "Authorization: Bearer $AURAL_API_KEY"`,
    `  -F ${shellQuote(`file=@${r.fileName}`)}`,
    ...r.fields.map(([k, v]) => `  --form-string ${shellQuote(`${k}=${v}`)}`),
  ];
  return `# AURAL_API_KEY holds your key (${r.keyHint})\n${parts.join(" \\\n")}\n`;
}

export function pySnippet(r, origin) {
  const data = r.fields.map(([k, v]) => `            ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join("\n");
  return [
    "import os",
    "",
    "import httpx",
    "",
    `# AURAL_API_KEY holds your key (${r.keyHint})`,
    `with open(${JSON.stringify(r.fileName)}, "rb") as f:`,
    "    response = httpx.post(",
    `        ${JSON.stringify(origin + UNDERSTAND_URL)},`,
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
