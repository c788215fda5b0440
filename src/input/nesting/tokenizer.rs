//! Reading tags the way the HTML tokenizer does: attributes, end tags, raw text.

/// HTML's white space between attributes.
pub(super) fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads a tag's attributes from `from` (just after its name) as the HTML tokenizer does:
/// the position of the `>` that ends it (a `>` in a quoted value does not), and whether it is
/// written self-closing (`<path d="…"/>`, but not `<a href=/x/>`, whose `/` is in the value).
/// The tokenizer's states after a tag name (HTML § 13.2.5.32–40), one loop each.
pub(super) fn scan_tag(bytes: &[u8], from: usize) -> (usize, bool) {
    let n = bytes.len();
    let mut i = from;
    let skip_spaces = |mut i: usize| {
        while i < n && is_tag_space(bytes[i]) {
            i += 1;
        }
        i
    };
    // A `/` read: `/>` ends the tag self-closing, else the byte after it starts over.
    let solidus = |i: usize| (bytes.get(i + 1) == Some(&b'>')).then_some((i + 1, true));
    loop {
        // Before an attribute name.
        i = skip_spaces(i);
        match bytes.get(i) {
            None => return (n, false),
            Some(b'>') => return (i, false),
            Some(b'/') => {
                if let Some(end) = solidus(i) {
                    return end;
                }
                i += 1;
                continue;
            }
            // The name's first character, whatever it is (`=` too).
            Some(_) => i += 1,
        }
        while i < n && !(is_tag_space(bytes[i]) || matches!(bytes[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        // After the name.
        i = skip_spaces(i);
        match bytes.get(i) {
            None => return (n, false),
            Some(b'>') => return (i, false),
            Some(b'/') => {
                if let Some(end) = solidus(i) {
                    return end;
                }
                i += 1;
                continue;
            }
            Some(b'=') => i += 1,
            Some(_) => continue, // the next attribute's name
        }
        // Before the value.
        i = skip_spaces(i);
        match bytes.get(i) {
            None => return (n, false),
            Some(b'>') => return (i, false),
            Some(&quote @ (b'"' | b'\'')) => {
                // A quoted value runs to the same quote, `>` and all.
                match memchr::memchr(quote, &bytes[i + 1..]) {
                    Some(e) => i += e + 2,
                    None => return (n, false),
                }
                // After it: `/>`, `>`, or the next attribute.
                match bytes.get(i) {
                    None => return (n, false),
                    Some(b'>') => return (i, false),
                    Some(b'/') => {
                        if let Some(end) = solidus(i) {
                            return end;
                        }
                        i += 1;
                    }
                    Some(_) => {}
                }
            }
            Some(_) => {
                // An unquoted value, up to white space or `>`.
                while i < n && !is_tag_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

pub(super) fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
}

/// Position of `</name` (ASCII case-insensitive) at or after `from`, or the end.
pub(super) fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = bytes.get(i..).and_then(memchr_lt) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

pub(super) fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    // A one-byte needle (`>`, once per tag) must not pay for building a substring searcher.
    let found = match needle {
        [byte] => memchr::memchr(*byte, hay),
        _ => memchr::memmem::find(hay, needle),
    };
    found.map(|p| from + p)
}
