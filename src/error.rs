//! Errors returned by the engine.

use thiserror::Error;

/// Everything that can go wrong when building an [`Engine`](crate::Engine) or analysing a page.
///
/// Messages are one line and name the problem, so hosts (CLI, extension, playground) can show
/// them as they are.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The options were not valid JSON, had an unknown field, or a field had the wrong type.
    #[error("invalid options: {0}")]
    Options(String),
    /// The input is not something the engine can treat as an HTML page.
    #[error("invalid input: {0}")]
    Input(String),
    /// A serialised plan could not be read.
    #[error("invalid plan: {0}")]
    Plan(String),
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
