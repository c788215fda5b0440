//! Decoding page bytes as a browser would: byte-order mark, then `<meta charset>` (or
//! `http-equiv` content type) in the first kilobytes, then UTF-8 if the bytes are valid UTF-8,
//! then GB18030 if they are valid GB18030, else windows-1252. A declaration the bytes
//! contradict (a GBK page labelled UTF-8) loses to an encoding that decodes them cleanly; a
//! UTF-8 declaration that most of the page's non-ASCII bytes bear out stands, stray invalid
//! bytes and all, as in a browser.
//!
//! Native only: in the browser the extension gets text, not bytes, and the playground uses
//! `TextDecoder`.

use encoding_rs::{Encoding, GB18030, UTF_8, WINDOWS_1252};

/// A page decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with the page's charset declaration rewritten to `utf-8` so that the output
    /// (always UTF-8) declares what it is.
    pub text: String,
    /// The encoding used (`UTF-8`, `GBK`, `Big5`, …).
    pub encoding: &'static str,
    /// Bytes that were invalid in that encoding were replaced by U+FFFD.
    pub had_errors: bool,
}

/// How far into the page a charset declaration is looked for.
const PRESCAN_BYTES: usize = 4096;

/// Decodes page bytes.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (declared(bytes), 0),
    };
    let body = &bytes[bom_len..];
    let strict =
        |enc: &'static Encoding| enc.decode_without_bom_handling_and_without_replacement(body);
    let chosen = if bom_len > 0 {
        encoding.unwrap_or(UTF_8)
    } else {
        let mut order: Vec<&'static Encoding> = encoding.into_iter().collect();
        order.extend([UTF_8, GB18030]);
        if encoding == Some(UTF_8) && mostly_utf8(body) {
            UTF_8
        } else {
            order
                .into_iter()
                .find(|&e| strict(e).is_some())
                .unwrap_or(encoding.unwrap_or(WINDOWS_1252))
        }
    };
    let (text, had_errors) = chosen.decode_without_bom_handling(body);
    let mut text = text.into_owned();
    if chosen != UTF_8 {
        relabel_utf8(&mut text);
    }
    Decoded {
        text,
        encoding: chosen.name(),
        had_errors,
    }
}

/// The bytes are UTF-8 but for a few stray invalid sequences: valid multi-byte characters
/// outnumber the invalid sequences. Text in GBK or another legacy encoding read as UTF-8 is
/// mostly invalid (its lead bytes are rarely followed by UTF-8 continuation bytes), so it does
/// not pass for UTF-8 here, and its declaration still loses to a clean decoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    // Multi-byte characters, counted by their lead bytes (no decoding).
    let multi_byte = |text: &str| text.bytes().filter(|&b| b >= 0xc0).count();
    // The common case, valid throughout, checked by the fast validator first.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return !text.is_ascii(); // at least one multi-byte character, none invalid
    }
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += multi_byte(chunk.valid());
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv=Content-Type content="…;
/// charset=…">` near the start of the page. UTF-16 labels mean UTF-8 here, as in browsers
/// (a page that really is UTF-16 carries a BOM).
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(if enc.name().starts_with("UTF-16") {
                        UTF_8
                    } else {
                        enc
                    });
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Rewrites the first charset declaration to `utf-8` (the decoded text is UTF-8 now): the
/// label after `charset` inside the first `<meta …>` tag of the pre-scan window that has one
/// (`<meta charset=…>` or `<meta http-equiv … content="…; charset=…">`), as [`declared`] read
/// it. Nothing outside a `<meta>` tag is touched: `charset=gbk` in a title or a paragraph is
/// text of the page.
fn relabel_utf8(text: &mut String) {
    let limit = text
        .char_indices()
        .nth(PRESCAN_BYTES)
        .map_or(text.len(), |(i, _)| i);
    let lower = text[..limit].to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<meta") {
        let start = from + pos;
        let name_end = start + "<meta".len();
        // `<meta` then white space, `/` or `>`: not `<metadata>`.
        let tag_end = lower[name_end..].find('>').map_or(limit, |e| name_end + e);
        from = tag_end;
        if !lower[name_end..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        {
            continue;
        }
        if let Some((i, end)) = charset_label(&lower, name_end, tag_end) {
            text.replace_range(i..end, "utf-8");
            return;
        }
    }
}

/// The byte range of the label after `charset` (then `=`) between `from` and `to`, if any.
fn charset_label(lower: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let tag = &lower[from..to];
    let mut search = 0;
    while let Some(rel) = tag[search..].find("charset") {
        let after = search + rel + "charset".len();
        search = after;
        let rest = tag[after..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest =
            rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'');
        let i = to - rest.len();
        let end = rest
            .find(['"', '\'', ';', ' ', '/', '>'])
            .map_or(to, |e| i + e);
        if end > i {
            return Some((i, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_by_meta() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<html><head><meta charset=\"gbk\"></head><body>中文新闻</body></html>");
        let d = decode(&bytes);
        assert_eq!(d.encoding, "GBK");
        assert!(
            d.text.contains("中文新闻") && d.text.contains("charset=\"utf-8\""),
            "{}",
            d.text
        );
        assert!(!d.had_errors);
    }

    #[test]
    fn relabelling_changes_the_meta_declaration_only() {
        let mut text = "<title>charset=gbk</title><metadata charset=gbk><meta name=x content=y>\
                        <meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\"><p>charset=gbk</p>"
            .to_string();
        relabel_utf8(&mut text);
        assert_eq!(
            text,
            "<title>charset=gbk</title><metadata charset=gbk><meta name=x content=y>\
             <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><p>charset=gbk</p>"
        );
        let mut none = "<p>charset=gbk</p><meta name=x>".to_string();
        relabel_utf8(&mut none);
        assert_eq!(none, "<p>charset=gbk</p><meta name=x>");
    }

    #[test]
    fn http_equiv_and_bom_and_mislabel() {
        let (bytes, _, _) = encoding_rs::BIG5.encode(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><p>繁體中文</p>",
        );
        let d = decode(&bytes);
        assert_eq!(d.encoding, "Big5");
        assert!(d.text.contains("繁體中文") && d.text.contains("charset=utf-8"));
        let d = decode(b"\xEF\xBB\xBF<p>caf\xC3\xA9</p>");
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-8", "<p>café</p>"));
        // Labelled UTF-8, actually GBK: the clean decoding wins.
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=utf-8><p>这是一段中文</p>");
        let d = decode(&gbk);
        assert!(d.text.contains("这是一段中文"), "{}", d.text);
        // Declared UTF-8 with one stray byte: still UTF-8, one U+FFFD.
        let mut stray = "<meta charset=utf-8><p>这是一段中文新闻的正文</p>"
            .as_bytes()
            .to_vec();
        stray.insert(30, 0x80);
        let d = decode(&stray);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors && d.text.contains('\u{fffd}'), "{}", d.text);
        // No declaration, invalid everywhere: windows-1252 never fails.
        assert_eq!(decode(b"<p>\x81\xff\xfe</p>").encoding, "windows-1252");
    }
}
