//! Every rule table in one place, named by what it holds; the logic that uses them lives in
//! `clean/`, `article.rs`, `annotate/` and `input/`. A contributor adding a footer phrase, a
//! tracker host or a video provider edits one file here. Entries say why where it isn't
//! obvious.

pub(crate) mod annotate;
pub(crate) mod boilerplate;
pub(crate) mod players;
pub(crate) mod readability;
pub(crate) mod tags;
pub(crate) mod trackers;
