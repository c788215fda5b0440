//! Video and audio players: the hosts whose embeds become click-to-play cards, how to find the
//! video id in a player address, and where the reader can watch it.

use crate::fragments::Fragments;

/// How to find the video id in a player URL.
#[derive(Clone, Copy)]
pub(crate) enum IdFrom {
    /// The path segment after this one (`/embed/ID`).
    After(&'static str),
    /// The first path segment that matches none of the keywords (`/ID`).
    FirstSegment,
    /// A query parameter.
    Param(&'static str),
    /// No id: the player URL is all we have.
    None,
}

pub(crate) struct Provider {
    pub key: &'static str,
    pub name: &'static str,
    pub hosts: &'static [&'static str],
    pub ids: &'static [IdFrom],
    /// Watch page with `{id}`; `None`: link to the player URL itself.
    pub watch: Option<&'static str>,
}

/// The video hosts. Order matters only where hosts overlap (none do).
pub(crate) const PROVIDERS: &[Provider] = &[
    Provider {
        key: "youtube",
        name: "YouTube",
        hosts: &["youtube.com", "youtube-nocookie.com", "youtu.be"],
        ids: &[
            IdFrom::After("embed"),
            IdFrom::After("v"),
            IdFrom::After("shorts"),
            IdFrom::Param("v"),
            IdFrom::FirstSegment,
        ],
        watch: Some("https://www.youtube.com/watch?v={id}"),
    },
    Provider {
        key: "vimeo",
        name: "Vimeo",
        hosts: &["vimeo.com"],
        ids: &[IdFrom::After("video"), IdFrom::FirstSegment],
        watch: Some("https://vimeo.com/{id}"),
    },
    Provider {
        key: "dailymotion",
        name: "Dailymotion",
        hosts: &["dailymotion.com", "dai.ly"],
        ids: &[
            IdFrom::After("video"),
            IdFrom::Param("video"),
            IdFrom::FirstSegment,
        ],
        watch: Some("https://www.dailymotion.com/video/{id}"),
    },
    Provider {
        key: "bilibili",
        name: "Bilibili",
        hosts: &["bilibili.com", "b23.tv"],
        ids: &[
            IdFrom::Param("bvid"),
            IdFrom::Param("aid"),
            IdFrom::After("video"),
        ],
        watch: Some("https://www.bilibili.com/video/{id}"),
    },
    Provider {
        key: "youku",
        name: "Youku",
        hosts: &["youku.com"],
        ids: &[IdFrom::After("embed"), IdFrom::Param("vid")],
        watch: Some("https://v.youku.com/v_show/id_{id}.html"),
    },
    Provider {
        key: "tencent",
        name: "Tencent Video",
        hosts: &["v.qq.com", "video.qq.com"],
        ids: &[IdFrom::Param("vid")],
        watch: Some("https://v.qq.com/x/page/{id}.html"),
    },
    Provider {
        key: "iqiyi",
        name: "iQIYI",
        hosts: &["iqiyi.com"],
        ids: &[IdFrom::Param("tvId"), IdFrom::None],
        watch: None,
    },
    Provider {
        key: "facebook",
        name: "Facebook",
        hosts: &["facebook.com", "fb.watch"],
        ids: &[IdFrom::Param("href"), IdFrom::None],
        watch: None,
    },
    Provider {
        key: "twitter",
        name: "X (Twitter)",
        hosts: &["platform.twitter.com", "twitter.com", "x.com"],
        ids: &[IdFrom::Param("id"), IdFrom::After("status"), IdFrom::None],
        watch: Some("https://x.com/i/status/{id}"),
    },
    Provider {
        key: "brightcove",
        name: "Brightcove",
        hosts: &["players.brightcove.net", "brightcove.com"],
        ids: &[IdFrom::Param("videoId"), IdFrom::None],
        watch: None,
    },
    Provider {
        key: "jwplayer",
        name: "JW Player",
        hosts: &["jwplayer.com", "jwplatform.com", "jwpcdn.com"],
        ids: &[IdFrom::After("players"), IdFrom::None],
        watch: None,
    },
    Provider {
        key: "twitch",
        name: "Twitch",
        hosts: &["player.twitch.tv", "clips.twitch.tv"],
        ids: &[
            IdFrom::Param("video"),
            IdFrom::Param("channel"),
            IdFrom::Param("clip"),
            IdFrom::None,
        ],
        watch: None,
    },
    Provider {
        key: "tiktok",
        name: "TikTok",
        hosts: &["tiktok.com"],
        ids: &[IdFrom::After("v2"), IdFrom::After("embed"), IdFrom::None],
        watch: Some("https://www.tiktok.com/embed/v2/{id}"),
    },
    Provider {
        key: "ted",
        name: "TED",
        hosts: &["embed.ted.com"],
        ids: &[IdFrom::After("talks"), IdFrom::None],
        watch: Some("https://www.ted.com/talks/{id}"),
    },
    Provider {
        key: "wistia",
        name: "Wistia",
        hosts: &["wistia.net", "wistia.com"],
        ids: &[IdFrom::After("iframe"), IdFrom::None],
        watch: None,
    },
    Provider {
        key: "vidyard",
        name: "Vidyard",
        hosts: &["play.vidyard.com"],
        ids: &[IdFrom::FirstSegment],
        watch: None,
    },
    Provider {
        key: "streamable",
        name: "Streamable",
        hosts: &["streamable.com"],
        ids: &[IdFrom::After("e"), IdFrom::After("o"), IdFrom::FirstSegment],
        watch: Some("https://streamable.com/{id}"),
    },
];

/// Attributes where lazy loaders keep the real player address before they set `src`.
pub(crate) const SRC_ATTRS: &[&str] =
    &["src", "data-src", "data-lazy-src", "data-original", "data"];

/// Path segments that are never a video id.
pub(crate) const NOT_IDS: &[&str] = &[
    "embed",
    "video",
    "player.html",
    "iframe",
    "watch",
    "v",
    "e",
    "o",
    "players",
    "talks",
    "videos",
];

/// Path fragments of a frame's address that name a player (lower-cased): a first-party player
/// (`https://www.cbsnews.com/embed/video/?v=…`, `https://www.cbssports.com/player/embed/…`).
pub(crate) const PLAYER_PATHS: &[&str] = &[
    "/player/",
    "/player.",
    "/players/",
    "/embed/video",
    "/video/embed",
    "/videos/embed",
    "/embed/player",
    "videoplayer",
    "video-player",
    "video_player",
    "/live/embed",
];

/// Host prefixes of player servers (`vplayer.nbcsports.com`, `player.example.net`).
pub(crate) const PLAYER_HOSTS: &[&str] = &[
    "player.",
    "players.",
    "vplayer.",
    "videoplayer.",
    "embed.video.",
];

/// Class/id fragments of players that a script builds in the page (video.js, JW Player,
/// Brightcove, Kaltura, and the generic names sites give their own).
pub(crate) static PLAYER_CLASSES: Fragments = Fragments::new(&[
    "video-js",
    "vjs-",
    "jwplayer",
    "jw-player",
    "brightcove-player",
    "bc-player",
    "kaltura-player",
    "video-player",
    "videoplayer",
    "video_player",
]);

/// `data-*` attribute fragments that carry a player or a video id (`data-video-id`,
/// `data-player`, `data-playerid`).
pub(crate) const PLAYER_DATA: &[&str] = &["video-id", "videoid", "player"];
