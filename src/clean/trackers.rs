//! Trackers: pixels, tracker iframes and scripts, `<noscript>` pixels, and tracking parameters
//! on links. One table of hosts, one of parameters.

use crate::page::{style_hides, Ix, Page};

use super::url::{host_matches, UrlParts};
use crate::rules::trackers::{
    SOCIAL_WIDGET_SCRIPTS, TRACKER_HOSTS, TRACKER_PATHS, TRACKING_PARAMS,
};

fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING_PARAMS.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *p,
    })
}

/// A URL points at a tracker.
pub(crate) fn is_tracker_url(url: &str) -> bool {
    let Some(u) = UrlParts::parse(url) else {
        return false;
    };
    TRACKER_HOSTS.iter().any(|h| u.host_is(h))
        || TRACKER_PATHS
            .iter()
            .any(|(h, p)| u.host_is(h) && (u.path == *p || u.path.starts_with(&format!("{p}/"))))
}

fn dimension(page: &Page, ix: Ix, attr: &str) -> Option<f32> {
    let v = page.attr(ix, attr)?.trim().trim_end_matches("px");
    v.parse::<f32>().ok()
}

/// Width and height both at most one pixel, by attribute or inline style.
fn is_tiny(page: &Page, ix: Ix) -> bool {
    let attrs = matches!(
        (dimension(page, ix, "width"), dimension(page, ix, "height")),
        (Some(w), Some(h)) if w <= 1.0 && h <= 1.0
    );
    let style = page.attr(ix, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        (s.contains("width:1px") || s.contains("width:0"))
            && (s.contains("height:1px") || s.contains("height:0"))
    });
    attrs || style
}

/// What a tracker element is, if it is one: `(rule, reason)`.
pub(crate) fn classify(page: &Page, ix: Ix) -> Option<(&'static str, &'static str)> {
    let tag = page.tag(ix);
    match tag {
        "img" => {
            let src = page.attr(ix, "src").unwrap_or("");
            let hidden = page.attr(ix, "style").is_some_and(style_hides);
            if is_tracker_url(src) {
                Some((
                    "tracker.pixel",
                    "tracking image from an analytics or advertising host",
                ))
            } else if is_tiny(page, ix) || (hidden && UrlParts::parse(src).is_some()) {
                Some(("tracker.pixel", "invisible 1×1 tracking image"))
            } else {
                None
            }
        }
        "iframe" => {
            let src = page.attr(ix, "src").unwrap_or("");
            if is_tracker_url(src) {
                Some(("tracker.iframe", "tracker or advertising frame"))
            } else if is_tiny(page, ix) && UrlParts::parse(src).is_some() {
                Some((
                    "tracker.iframe",
                    "invisible frame loading a third-party page",
                ))
            } else {
                None
            }
        }
        "script" => {
            let src = page.attr(ix, "src")?;
            if is_tracker_url(src) {
                Some(("tracker.script", "analytics or advertising script"))
            } else {
                let lower = src.to_ascii_lowercase();
                let lower = lower
                    .trim_start_matches("https:")
                    .trim_start_matches("http:")
                    .trim_start_matches("//");
                SOCIAL_WIDGET_SCRIPTS
                    .iter()
                    .any(|w| lower.starts_with(w))
                    .then_some((
                        "tracker.widget",
                        "social widget script (the quoted post stays as text)",
                    ))
            }
        }
        "noscript" => {
            // With scripting on, noscript content is raw text; look for trackers in it.
            let raw = page.raw_text(ix);
            let lower = raw.to_ascii_lowercase();
            let has_tracker = TRACKER_HOSTS.iter().any(|h| lower.contains(h))
                || lower.contains("facebook.com/tr")
                || (lower.contains("<img")
                    && lower.contains("width=\"1\"")
                    && lower.contains("height=\"1\""));
            has_tracker.then_some((
                "tracker.noscript",
                "tracking pixel for readers without JavaScript",
            ))
        }
        _ => None,
    }
}

/// The link without its tracking parameters, and the names removed; `None` if it has none.
pub(crate) fn strip_params(href: &str) -> Option<(String, Vec<String>)> {
    let (before_fragment, fragment) = match href.find('#') {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let (base, query) = before_fragment.split_once('?')?;
    let mut removed = Vec::new();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            if !name.is_empty() && is_tracking_param(name) {
                removed.push(name.to_string());
                false
            } else {
                true
            }
        })
        .collect();
    if removed.is_empty() {
        return None;
    }
    let kept: Vec<&str> = kept.into_iter().filter(|p| !p.is_empty()).collect();
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    Some((out, removed))
}

/// Hosts named by the extension's never/auto-clean lists and by user rules match their
/// subdomains too.
pub(crate) fn site_matches(host: &str, site: &str) -> bool {
    host_matches(
        host,
        site.trim()
            .trim_start_matches("*.")
            .trim_start_matches("www."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_tracking_params() {
        let (url, removed) =
            strip_params("https://e.org/r?utm_source=nl&id=42&fbclid=abc&UTM_Medium=x#top")
                .unwrap();
        assert_eq!(url, "https://e.org/r?id=42#top");
        assert_eq!(removed, ["utm_source", "fbclid", "UTM_Medium"]);
        assert_eq!(
            strip_params("https://e.org/r?gclid=1").unwrap().0,
            "https://e.org/r"
        );
        assert!(strip_params("https://e.org/r?id=1&page=2").is_none());
        assert!(strip_params("/local#utm_source").is_none());
        assert!(strip_params("https://e.org/?spmx=1").is_none());
    }

    #[test]
    fn tracker_urls() {
        assert!(is_tracker_url(
            "https://www.googletagmanager.com/ns.html?id=GTM-1"
        ));
        assert!(is_tracker_url(
            "https://www.facebook.com/tr?id=1&ev=PageView"
        ));
        assert!(!is_tracker_url("https://www.facebook.com/travel"));
        assert!(!is_tracker_url("https://example.com/pixel-art.png"));
        assert!(is_tracker_url("//hm.baidu.com/hm.js?x"));
    }
}
