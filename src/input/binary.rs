//! Binary data: what a decoder made of bytes that are not text is refused before parsing.

/// In the first 64 KB, more than one character in 20 is a control character, or more than half
/// are U+FFFD (what a decoder makes of bytes that are not text). Replacement characters alone
/// weigh less: a page with stray bytes is still text, and cleaning it (removing its plain
/// boilerplate) must not make the engine's own output look binary. Counted on the bytes, eight
/// at a time: this runs on every page.
pub(crate) fn looks_binary(html: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // C0 controls and DEL (tab, line feed, form feed and return are text).
    let is_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
    let mut end = html.len().min(65_536);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &html.as_bytes()[..end];
    let (mut controls, mut continuations) = (0usize, 0usize);
    let mut words = sample.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // UTF-8 continuation bytes (10xxxxxx) do not start a character.
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
        // A byte below 0x20 or equal to 0x7f somewhere in the word (the classic zero-byte
        // test; it never misses one): then look at each byte.
        let low = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let del = (x ^ (ONES * 0x7f)).wrapping_sub(ONES) & !(x ^ (ONES * 0x7f)) & HIGH;
        if low | del != 0 {
            controls += word.iter().filter(|&&b| is_control(b)).count();
        }
    }
    for &b in words.remainder() {
        continuations += usize::from(b & 0xc0 == 0x80);
        controls += usize::from(is_control(b));
    }
    // C1 controls (U+0080..U+009F) are C2 80..C2 9F; U+FFFD is EF BF BD.
    let c1 = memchr::memchr_iter(0xc2, sample)
        .filter(|&i| sample.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
        .count();
    let replacement = memchr::memmem::find_iter(sample, "\u{fffd}".as_bytes()).count();
    let chars = sample.len() - continuations;
    (controls + c1) * 20 > chars || replacement * 2 > chars
}

#[cfg(test)]
mod tests {
    /// The definition `looks_binary` counts on bytes: characters, decoded.
    fn looks_binary_by_chars(html: &str) -> bool {
        let mut end = html.len().min(65_536);
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        let sample: Vec<char> = html[..end].chars().collect();
        let controls = sample
            .iter()
            .filter(|&&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
            .count();
        let replacement = sample.iter().filter(|&&c| c == '\u{fffd}').count();
        controls * 20 > sample.len() || replacement * 2 > sample.len()
    }

    #[test]
    fn binary_detection_on_bytes_matches_the_char_definition() {
        let mut cases = vec![
            "<p>plain text, tabs\tand\r\nlines\x0c</p>".to_string(),
            "<p>人工智能芯片出口管制再次升级。</p>".repeat(50),
            "\u{fffd}".repeat(3) + &"<p>abc</p>".repeat(10),
            "\u{85}\u{9f}\u{a0}\u{100}".repeat(40),
            (0u8..=127).map(char::from).collect(),
        ];
        // Around the thresholds: n bad characters in 100.
        for n in (3..8).chain(48..53) {
            for bad in ['\u{1}', '\u{7f}', '\u{80}', '\u{fffd}'] {
                let s: String = std::iter::repeat_n(bad, n)
                    .chain(std::iter::repeat_n('é', 100 - n))
                    .collect();
                cases.push(s);
            }
        }
        // Every alignment and mix: pseudo-random strings over a palette of the cases.
        let palette = [
            'a', '<', '\n', '\t', '\r', '\x0c', '\u{1}', '\u{1f}', '\u{7f}', ' ', 'é', '漢',
            '\u{85}', '\u{a0}', '\u{fffd}', '😀',
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 90) as usize;
            let s: String = (0..len)
                .map(|i| palette[((state >> (i % 60)) as usize + i * 7) % palette.len()])
                .collect();
            cases.push(s);
        }
        // A page longer than the sample, cut inside a character.
        cases.push("a".repeat(65_535) + "漢字\u{1}\u{1}");
        for case in &cases {
            assert_eq!(
                super::looks_binary(case),
                looks_binary_by_chars(case),
                "{:?}",
                &case[..case.len().min(80)]
            );
        }
    }
}
