//! Just enough URL handling for the cleaners: host, path and query of absolute,
//! protocol-relative and relative addresses, without pulling a URL crate into the wasm build.

/// The parts of a URL the rule tables look at. Borrowed from the original string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// Lower-case host would need an allocation; hosts compare case-insensitively instead.
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Splits `http(s)://host/path?query#fragment` or `//host/...`; `None` for relative URLs,
    /// `data:`, `javascript:` and the like.
    pub fn parse(url: &'a str) -> Option<Self> {
        let url = url.trim();
        let rest = if let Some(r) = url.strip_prefix("//") {
            r
        } else {
            let (scheme, r) = url.split_once("://")?;
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return None;
            }
            r
        };
        let rest = rest.split('#').next().unwrap_or("");
        let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..host_end];
        let host = authority.rsplit('@').next().unwrap_or("");
        let host = host.split(':').next().unwrap_or("");
        if host.is_empty() {
            return None;
        }
        let tail = &rest[host_end..];
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        Some(UrlParts { host, path, query })
    }

    /// The host is `domain` or a subdomain of it.
    pub fn host_is(&self, domain: &str) -> bool {
        host_matches(self.host, domain)
    }

    /// The value of query parameter `name`, percent-decoding left to the caller.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then_some(v)
        })
    }

    /// Path segments, empty ones skipped.
    pub fn segments(&self) -> impl Iterator<Item = &'a str> {
        self.path.split('/').filter(|s| !s.is_empty())
    }
}

/// `host` is `domain` or ends with `.domain`, ignoring ASCII case. Compared as bytes: a host
/// may hold any character (`bücher.example`, or what a decoder made of stray bytes), and its
/// last `domain.len()` bytes need not start on a character boundary.
pub(crate) fn host_matches(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.').as_bytes();
    let Some(at) = host.len().checked_sub(domain.len()) else {
        return false;
    };
    host[at..].eq_ignore_ascii_case(domain.as_bytes()) && (at == 0 || host[at - 1] == b'.')
}

/// Decodes `%XX` escapes (and `+` as space) in a query value; invalid escapes stay as written.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let u = UrlParts::parse("https://www.YouTube.com/embed/abc?autoplay=1#t").unwrap();
        assert!(u.host_is("youtube.com"));
        assert_eq!(u.path, "/embed/abc");
        assert_eq!(u.param("autoplay"), Some("1"));
        let u = UrlParts::parse("//player.vimeo.com/video/42").unwrap();
        assert_eq!(u.segments().collect::<Vec<_>>(), ["video", "42"]);
        assert!(UrlParts::parse("/relative/path").is_none());
        assert!(UrlParts::parse("javascript:alert(1)").is_none());
        assert!(!host_matches("notyoutube.com", "youtube.com"));
        assert!(host_matches("youtube.com.", "youtube.com"));
    }

    /// Found by cargo fuzz: splitting the host as a string panicked when the cut fell inside
    /// a character.
    #[test]
    fn non_ascii_hosts() {
        assert!(!host_matches("éoutube.com", "youtube.com"));
        assert!(!host_matches("漢漢漢漢漢", "youtube.com"));
        assert!(host_matches("www.bücher.youtube.com", "youtube.com"));
        assert!(!host_matches("bücher.example", "youtube.com"));
        assert!(host_matches("bücher.example", "bücher.example"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
    }
}
