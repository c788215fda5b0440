// Page bytes to text, as the command-line tool reads them (src/charset.rs): byte-order mark,
// then `<meta charset>` or `http-equiv` content type in the first 4 KB, then UTF-8 if the bytes
// are valid UTF-8, then GB18030 if they are valid GB18030, else windows-1252. A declaration the
// bytes contradict (a GBK page labelled UTF-8) loses to an encoding that decodes them cleanly:
// `TextDecoder` with `fatal: true` says whether they do.
//
// Also here: the checks that tell a page from something else (an image, a PDF, plain text).

const PRESCAN_BYTES = 4096;

/** The encoding a label names, as `TextDecoder` spells it (`gbk`, `big5`, …), or null. */
function encodingFor(label) {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** The encoding a `<meta>` in the first 4 KB declares; UTF-16 labels mean UTF-8 (as in browsers). */
export function declaredEncoding(bytes) {
  const head = bytes.subarray(0, PRESCAN_BYTES);
  // Latin-1 keeps one character per byte, so positions match.
  const lower = new TextDecoder("windows-1252").decode(head).toLowerCase();
  let from = 0;
  for (;;) {
    const start = lower.indexOf("<meta", from);
    if (start < 0) return null;
    let end = lower.indexOf(">", start);
    if (end < 0) end = lower.length;
    const tag = lower.slice(start, end);
    const m = /charset\s*=\s*["']?([^"';\s/>]+)/.exec(tag);
    if (m) {
      const enc = encodingFor(m[1]);
      if (enc) return enc.startsWith("utf-16") ? "utf-8" : enc;
    }
    from = Math.max(end, start + 1);
  }
}

/** Rewrites the first charset declaration to `utf-8` (the text is not in that charset now). */
export function relabelUtf8(text) {
  const limit = Math.min(text.length, PRESCAN_BYTES);
  const lower = text.slice(0, limit).toLowerCase();
  const meta = lower.indexOf("<meta");
  if (meta < 0) return text;
  const m = /charset\s*=\s*["']?([^"';\s/>]+)/.exec(lower.slice(meta));
  if (!m) return text;
  const at = meta + m.index + m[0].length - m[1].length;
  return text.slice(0, at) + "utf-8" + text.slice(at + m[1].length);
}

function strict(encoding, bytes) {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes page bytes. Returns `{ text, encoding, declared }`: `encoding` is what was used,
 * `declared` what the page said (null if nothing).
 */
export function decodePage(bytes) {
  let bom = null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bom = ["utf-8", 3];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) bom = ["utf-16be", 2];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) bom = ["utf-16le", 2];
  if (bom) {
    const [encoding, skip] = bom;
    const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(skip));
    return { text: encoding === "utf-8" ? text : relabelUtf8(text), encoding, declared: encoding };
  }
  const declared = declaredEncoding(bytes);
  const order = [...new Set([declared, "utf-8", "gb18030"].filter(Boolean))];
  for (const encoding of order) {
    const text = strict(encoding, bytes);
    if (text !== null) {
      return { text: encoding === "utf-8" ? text : relabelUtf8(text), encoding, declared };
    }
  }
  const encoding = declared ?? "windows-1252";
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  return { text: encoding === "utf-8" ? text : relabelUtf8(text), encoding, declared };
}

// Formats that are surely not a page, by their first bytes.
const MAGIC = [
  [[0x89, 0x50, 0x4e, 0x47], "PNG"],
  [[0xff, 0xd8, 0xff], "JPEG"],
  [[0x47, 0x49, 0x46, 0x38], "GIF"],
  [[0x25, 0x50, 0x44, 0x46], "PDF"],
  [[0x50, 0x4b, 0x03, 0x04], "ZIP"],
  [[0x1f, 0x8b], "gzip"],
  [[0x52, 0x49, 0x46, 0x46], "RIFF"],
  [[0x00, 0x61, 0x73, 0x6d], "WebAssembly"],
  [[0x7f, 0x45, 0x4c, 0x46], "ELF"],
];

/** The name of a binary format the bytes start with, `"binary"` for other binary data, or null. */
export function binaryFormat(bytes) {
  for (const [magic, name] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) return name;
  }
  // NUL bytes do not occur in text pages (UTF-16 pages start with a BOM and are text).
  const head = bytes.subarray(0, 4096);
  const utf16 = (head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe);
  if (!utf16 && head.includes(0)) return "binary";
  return null;
}

/** Whether text has HTML markup in its first 64 KB (a tag or a doctype). */
export function looksLikeHtml(text) {
  return /<(?:!doctype\s|[a-z][a-z0-9-]*[\s/>])/i.test(text.slice(0, 65536));
}
