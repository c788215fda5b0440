//! The open SVG/MathML elements, tracked where their names are in the input.

/// The open SVG/MathML elements (where their names are in the input), innermost last, and
/// the depth outside them; in [`super::Content::Integration`], the integration point's name. Fixed
/// capacity: the pre-scan allocates nothing.
pub(super) struct ForeignElements {
    pub(super) names: [(u32, u8); FOREIGN_CAPACITY],
    pub(super) len: usize,
    pub(super) base: usize,
    pub(super) integration: (u32, u8),
}
pub(super) const FOREIGN_CAPACITY: usize = 32;
/// Longest foreign element name tracked (`feComponentTransfer` is 19).
pub(super) const FOREIGN_NAME_MAX: usize = 24;

impl ForeignElements {
    /// Whether this is SVG (else MathML): the outermost element says (`<svg>` in `<math>`
    /// is a MathML element).
    pub(super) fn in_svg(&self, bytes: &[u8]) -> bool {
        let (at, len) = self.names[0];
        bytes[at as usize..at as usize + len as usize].eq_ignore_ascii_case(b"svg")
    }

    /// Records an open element; `false` if it can't be tracked (too deep, too long a name).
    pub(super) fn push(&mut self, at: usize, len: usize) -> bool {
        if self.len == FOREIGN_CAPACITY || len > FOREIGN_NAME_MAX || at > u32::MAX as usize {
            return false;
        }
        self.names[self.len] = (at as u32, len as u8);
        self.len += 1;
        true
    }

    /// The innermost open element named `name` (ASCII case-insensitive), as the parser looks
    /// for the element an end tag closes.
    pub(super) fn find(&self, bytes: &[u8], name: &[u8]) -> Option<usize> {
        (0..self.len).rev().find(|&k| {
            let (at, len) = self.names[k];
            let at = at as usize;
            bytes[at..at + len as usize].eq_ignore_ascii_case(name)
        })
    }
}
