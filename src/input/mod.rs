//! What is checked before parsing: the size, empty input, binary data, nesting depth; and
//! (natively) the page's character encoding.

mod binary;
#[cfg(not(target_arch = "wasm32"))]
pub mod charset;
mod nesting;

use crate::error::{Error, Result};

#[cfg(test)]
pub(crate) use nesting::MAX_DEPTH;

/// Largest page accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// Refuses what is not a page: empty input and binary data.
pub(crate) fn check(html: &str) -> Result<()> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(Error::Input(format!(
            "the page is {} MB; the limit is {} MB",
            html.len() / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    if html.trim().is_empty() {
        return Err(Error::Input("the page is empty".into()));
    }
    if nesting::nesting_depth(html, nesting::MAX_DEPTH) > nesting::MAX_DEPTH {
        return Err(Error::Input(format!(
            "elements nest more than {} deep (browsers flatten such pages); the page is left as it is",
            nesting::MAX_DEPTH
        )));
    }
    if binary::looks_binary(html) {
        return Err(Error::Input(
            "the input looks like binary data, not HTML".into(),
        ));
    }
    Ok(())
}
