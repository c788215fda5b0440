//! Embedded players: a table of video hosts (host patterns → provider, id extraction, watch
//! URL). Every player from a video host becomes a click-to-play card, autoplaying or not: each
//! one loads third-party code and trackers. The page's own `<video>`/`<audio>` only when they
//! play by themselves. Players no table lists are recognised by what they are: a frame whose
//! address or attributes say player, video or autoplay, and a player a script built.

use crate::page::{Ix, Page};
use crate::schema::Embed;

use super::url::{percent_decode, UrlParts};
use crate::rules::players::{
    IdFrom, NOT_IDS, PLAYER_CLASSES, PLAYER_DATA, PLAYER_HOSTS, PLAYER_PATHS, PROVIDERS, SRC_ATTRS,
};

fn extract_id(u: &UrlParts<'_>, how: IdFrom) -> Option<String> {
    let id = match how {
        IdFrom::After(seg) => {
            let mut segs = u.segments();
            segs.find(|s| s.eq_ignore_ascii_case(seg))?;
            segs.next()?.to_string()
        }
        IdFrom::FirstSegment => u
            .segments()
            .find(|s| !NOT_IDS.iter().any(|n| s.eq_ignore_ascii_case(n)))?
            .to_string(),
        IdFrom::Param(name) => percent_decode(u.param(name)?),
        IdFrom::None => return None,
    };
    // A JW Player segment is `MEDIAID-PLAYERID.html`: the media id names the video.
    let id = if matches!(how, IdFrom::After("players")) {
        id.split(['-', '.']).next().unwrap_or("").to_string()
    } else {
        id
    };
    // Ids are short tokens (Facebook's is the video page's URL); anything else is not one.
    let is_url = matches!(how, IdFrom::Param("href"));
    let ok = !id.is_empty()
        && id.len() <= 200
        && (is_url
            || id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')));
    ok.then_some(id)
}

fn truthy(v: Option<&str>) -> bool {
    v.is_some_and(|v| matches!(v, "1" | "true" | "yes" | "on"))
}

/// The player this element is, if it is one.
pub(crate) fn classify(page: &Page, ix: Ix) -> Option<Embed> {
    // In SVG or MathML content an `<iframe>`, `<video>` or `<object>` is a foreign element: it
    // loads and plays nothing. It stays as it is: no card markup re-parses in its place (an
    // HTML `<span>` or `<div>` breaks out of the `<svg>`, splitting it, and leaves the text
    // after it outside). Inside `<foreignObject>` or a MathML text element a player is HTML
    // again, and gets its card.
    if page
        .element(ix)
        .is_some_and(|e| &*e.name.ns != "http://www.w3.org/1999/xhtml")
    {
        return None;
    }
    let tag = page.tag(ix);
    match tag {
        "iframe" | "embed" | "object" => {
            let src = SRC_ATTRS
                .iter()
                .find_map(|a| page.attr(ix, a).filter(|s| UrlParts::parse(s).is_some()))?;
            let u = UrlParts::parse(src)?;
            let Some(provider) = PROVIDERS
                .iter()
                .find(|p| p.hosts.iter().any(|h| u.host_is(h)))
            else {
                return generic_frame(page, ix, src, &u);
            };
            if provider.key == "facebook" && !u.path.contains("video") && !u.host_is("fb.watch") {
                return None; // like buttons and comment plugins are not players
            }
            if provider.key == "twitter" && !u.path.contains("embed") && !u.path.contains("video") {
                return None;
            }
            let video_id = provider.ids.iter().find_map(|&how| extract_id(&u, how));
            let watch_url = match (provider.watch, &video_id) {
                (Some(pattern), Some(id)) if provider.key != "facebook" => {
                    let id = if provider.key == "bilibili" && id.chars().all(|c| c.is_ascii_digit())
                    {
                        format!("av{id}")
                    } else {
                        id.clone()
                    };
                    Some(pattern.replace("{id}", &id))
                }
                _ if provider.key == "facebook" => {
                    video_id.clone().filter(|h| UrlParts::parse(h).is_some())
                }
                _ => Some(absolute(src)),
            };
            let autoplay = truthy(u.param("autoplay"))
                || truthy(u.param("auto_play"))
                || truthy(u.param("autoPlay"));
            Some(Embed {
                provider: provider.key.to_string(),
                provider_name: provider.name.to_string(),
                video_id,
                title: title_of(page, ix),
                watch_url,
                src: Some(src.to_string()),
                autoplay,
            })
        }
        "video" | "audio" if page.attr(ix, "autoplay").is_some() => {
            let src = page.attr(ix, "src").map(str::to_string).or_else(|| {
                page.subtree_elements(ix)
                    .filter(|&c| page.tag(c) == "source")
                    .find_map(|c| page.attr(c, "src").map(str::to_string))
            });
            Some(Embed {
                provider: tag.to_string(),
                provider_name: if tag == "video" { "Video" } else { "Audio" }.to_string(),
                video_id: None,
                title: title_of(page, ix),
                watch_url: src.clone(),
                src,
                autoplay: true,
            })
        }
        _ if is_script_player(page, ix) => {
            let src = page.subtree_elements(ix).find_map(|c| {
                let tag = page.tag(c);
                matches!(tag, "video" | "source" | "iframe")
                    .then(|| SRC_ATTRS.iter().find_map(|a| page.attr(c, a)))
                    .flatten()
                    .filter(|s| !s.starts_with("blob:") && !s.starts_with("data:"))
                    .map(str::to_string)
            });
            Some(Embed {
                provider: "player".into(),
                provider_name: "Video".into(),
                video_id: None,
                title: title_of(page, ix),
                watch_url: src
                    .as_deref()
                    .filter(|s| UrlParts::parse(s).is_some())
                    .map(absolute),
                src,
                autoplay: page
                    .subtree_elements(ix)
                    .any(|c| page.tag(c) == "video" && page.attr(c, "autoplay").is_some()),
            })
        }
        _ => None,
    }
}

/// A frame from a host no provider table lists, whose address or attributes say it plays
/// video or audio: a path or host that names a player (`/player/`, `/embed/video`,
/// `vplayer.`), an autoplay parameter, or permission to autoplay. The card names the host.
fn generic_frame(page: &Page, ix: Ix, src: &str, u: &UrlParts<'_>) -> Option<Embed> {
    let path = u.path.to_ascii_lowercase();
    let host = u.host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let autoplay =
        truthy(u.param("autoplay")) || truthy(u.param("auto_play")) || truthy(u.param("autoPlay"));
    let named = PLAYER_PATHS.iter().any(|p| path.contains(p))
        || PLAYER_HOSTS.iter().any(|h| host.starts_with(h))
        || page
            .attr(ix, "allow")
            .is_some_and(|a| a.to_ascii_lowercase().contains("autoplay"));
    if !(named || autoplay) || host.is_empty() {
        return None;
    }
    Some(Embed {
        provider: "player".into(),
        provider_name: host.to_string(),
        video_id: None,
        title: title_of(page, ix),
        watch_url: Some(absolute(src)),
        src: Some(src.to_string()),
        autoplay,
    })
}

/// A player a script built in the page: a container whose class or id names a player
/// framework (`video-js`, `jwplayer`, …) or whose `data-*` attributes carry a video id or a
/// player, holding the player's `<video>`, frame or script. Its text is the player's own
/// controls.
fn is_script_player(page: &Page, ix: Ix) -> bool {
    let tag = page.tag(ix);
    if !matches!(tag, "div" | "figure" | "section" | "span" | "video-js") {
        return false;
    }
    let ci = page.class_id(ix);
    let by_class = tag == "video-js" || PLAYER_CLASSES.is_match(ci);
    // Attribute names come lower-cased from the parser.
    let by_data = page.element(ix).is_some_and(|e| {
        e.attrs().any(|(name, _)| {
            name.starts_with("data-") && PLAYER_DATA.iter().any(|d| name.contains(d))
        })
    });
    (by_class || by_data)
        && page.subtree_elements(ix).skip(1).any(|c| {
            matches!(page.tag(c), "video" | "iframe" | "object" | "script")
        })
        // The outermost element that says player: not a control inside one.
        && !page.ancestors(ix).skip(1).take(6).any(|a| {
            let ci = page.class_id(a);
            page.tag(a) == "video-js" || PLAYER_CLASSES.is_match(ci)
        })
}

fn absolute(src: &str) -> String {
    if src.starts_with("//") {
        format!("https:{src}")
    } else {
        src.to_string()
    }
}

/// The player's title: its `title` or `aria-label`, else a caption of the figure it sits in.
fn title_of(page: &Page, ix: Ix) -> Option<String> {
    let own = ["title", "aria-label", "data-title"]
        .iter()
        .find_map(|a| page.attr(ix, a))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("youtube video player"));
    own.or_else(|| {
        let figure = page
            .ancestors(ix)
            .take(3)
            .find(|&a| page.tag(a) == "figure")?;
        let caption = page
            .subtree_elements(figure)
            .find(|&c| page.tag(c) == "figcaption")?;
        Some(page.text_excerpt(caption, 200)).filter(|t| !t.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(html: &str) -> Option<Embed> {
        let page = Page::parse(html);
        (0..page.len() as Ix).find_map(|i| classify(&page, i))
    }

    #[test]
    fn providers() {
        let e = embed(
            r#"<iframe src="https://www.youtube.com/embed/mx0ovCyPbfU?&&&enablejsapi=1"></iframe>"#,
        )
        .unwrap();
        assert_eq!(e.provider, "youtube");
        assert_eq!(
            e.watch_url.as_deref(),
            Some("https://www.youtube.com/watch?v=mx0ovCyPbfU")
        );
        assert!(!e.autoplay);
        let e = embed(
            r#"<iframe src="//player.vimeo.com/video/12345?autoplay=1" title="Talk"></iframe>"#,
        )
        .unwrap();
        assert_eq!(
            (
                e.provider.as_str(),
                e.watch_url.as_deref(),
                e.autoplay,
                e.title.as_deref()
            ),
            ("vimeo", Some("https://vimeo.com/12345"), true, Some("Talk"))
        );
        let e = embed(r#"<iframe src="https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&autoplay=1"></iframe>"#).unwrap();
        assert_eq!(
            e.watch_url.as_deref(),
            Some("https://www.bilibili.com/video/BV1xx411c7mD")
        );
        let e = embed(
            r#"<iframe data-src="https://v.qq.com/txp/iframe/player.html?vid=x0012abc"></iframe>"#,
        )
        .unwrap();
        assert_eq!(
            e.watch_url.as_deref(),
            Some("https://v.qq.com/x/page/x0012abc.html")
        );
        let e = embed(r#"<iframe src="https://player.youku.com/embed/XNDk2"></iframe>"#).unwrap();
        assert_eq!(
            e.watch_url.as_deref(),
            Some("https://v.youku.com/v_show/id_XNDk2.html")
        );
        let e = embed(r#"<iframe src="https://www.dailymotion.com/embed/video/x7tgad0"></iframe>"#)
            .unwrap();
        assert_eq!(e.video_id.as_deref(), Some("x7tgad0"));
        let e = embed(r#"<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fx%2Fvideos%2F1%2F"></iframe>"#).unwrap();
        assert_eq!(
            e.watch_url.as_deref(),
            Some("https://www.facebook.com/x/videos/1/")
        );
        let e =
            embed(r#"<iframe src="https://cdn.jwplayer.com/players/abcd1234-xyz.html"></iframe>"#)
                .unwrap();
        assert_eq!(e.video_id.as_deref(), Some("abcd1234"));
        assert!(embed(
            r#"<iframe src="https://www.facebook.com/plugins/like.php?href=x"></iframe>"#
        )
        .is_none());
        assert!(embed(r#"<iframe src="https://example.com/embed/1"></iframe>"#).is_none());
        assert!(embed(r#"<video src="a.mp4" controls></video>"#).is_none());
        let e = embed(r#"<video autoplay muted><source src="/m/a.mp4"></video>"#).unwrap();
        assert_eq!(
            (e.provider.as_str(), e.src.as_deref()),
            ("video", Some("/m/a.mp4"))
        );
    }
}
