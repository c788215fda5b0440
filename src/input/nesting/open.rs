//! The open HTML elements as html5ever's tree builder keeps them, as far as depth goes.

use super::*;

/// What the tree builder does with an HTML element's tags, as far as depth goes (HTML
/// § 13.2.6.4.7 as html5ever implements it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Other,
    /// Never open (`br`, `img`, …).
    Void,
    /// Ignored in a body (`html`, `head`, `body`, `frame`).
    Ignored,
    /// Text up to its end tag (`script`, `style`, …).
    Raw,
    P,
    Li,
    /// `dd`, `dt`.
    Definition,
    /// `rb`, `rp`, `rt`.
    Ruby,
    Rtc,
    Heading,
    /// `div`, `address`: the search for an `li`, `dd` or `dt` to close passes them.
    Div,
    /// `b`, `font`, `nobr`, …: what the parser reopens after an implied close.
    Formatting,
    /// `a`: a formatting element too, and a new one closes the last.
    A,
    Button,
    Form,
    Select,
    Option,
    Optgroup,
    Hr,
    Input,
    Table,
    /// `tbody`, `thead`, `tfoot`.
    Section,
    Tr,
    /// `td`, `th`.
    Cell,
    Caption,
    Colgroup,
    Col,
    Template,
    Frameset,
    /// An element the pre-scan no longer matches by name (see [`OpenElements::forget`]).
    Forgotten,
}

// Tag sets of the tree builder (html5ever's `tag_sets.rs`), as flags of an open element.
/// "Special": bounds the search of an end tag that has no rule of its own.
pub(super) const SPECIAL: u16 = 1;
/// Bounds "in scope" searches.
pub(super) const SCOPE: u16 = 1 << 1;
/// Bounds "in table scope" searches.
pub(super) const TABLE_SCOPE: u16 = 1 << 2;
/// Bounds "in button scope" searches (with [`SCOPE`]).
pub(super) const BUTTON_SCOPE: u16 = 1 << 3;
/// Bounds "in list item scope" searches (with [`SCOPE`]).
pub(super) const LIST_SCOPE: u16 = 1 << 4;
/// Puts a marker in the list of active formatting elements.
pub(super) const MARKER: u16 = 1 << 5;
/// Its start tag closes a `p` in button scope.
pub(super) const CLOSES_P: u16 = 1 << 6;
/// Its end tag closes the innermost element of its name in scope.
pub(super) const SCOPED_END: u16 = 1 << 7;
/// No end tag matches it (see [`OpenElements::forget`]).
pub(super) const UNMATCHED: u16 = 1 << 8;
/// The SVG/MathML integration point whose HTML content is above it.
pub(super) const INTEGRATION: u16 = 1 << 9;
/// A `tbody` or `tr` the parser adds for a `td` or `tr` (in [`Content::Unsure`]).
pub(super) const IMPLIED: u16 = 1 << 10;

/// The role and tag sets of an HTML element by its lower-case name.
pub(super) fn classify(name: &[u8]) -> (Role, u16) {
    pub(super) const BLOCK: u16 = SPECIAL | CLOSES_P | SCOPED_END;
    match name {
        b"div" | b"address" => (Role::Div, BLOCK),
        b"span" | b"label" | b"img" | b"br" | b"meta" | b"link" | b"input" | b"li" | b"p" => {
            match name {
                b"li" => (Role::Li, SPECIAL),
                b"p" => (Role::P, SPECIAL | CLOSES_P),
                b"img" | b"br" | b"meta" | b"link" => (Role::Void, 0),
                b"input" => (Role::Input, 0),
                _ => (Role::Other, 0),
            }
        }
        b"a" => (Role::A, 0),
        b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small"
        | b"strike" | b"strong" | b"tt" | b"u" => (Role::Formatting, 0),
        b"article" | b"aside" | b"blockquote" | b"center" | b"details" | b"dir" | b"dl"
        | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main"
        | b"menu" | b"nav" | b"section" | b"summary" | b"pre" | b"listing" => (Role::Other, BLOCK),
        b"ol" | b"ul" => (Role::Other, BLOCK | LIST_SCOPE),
        // Not special in html5ever.
        b"dialog" | b"search" => (Role::Other, CLOSES_P | SCOPED_END),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (Role::Heading, SPECIAL | CLOSES_P),
        b"dd" | b"dt" => (Role::Definition, SPECIAL),
        b"area" | b"base" | b"basefont" | b"bgsound" | b"embed" | b"keygen" | b"param"
        | b"source" | b"track" | b"wbr" | b"image" => (Role::Void, 0),
        b"hr" => (Role::Hr, 0),
        b"script" | b"style" | b"textarea" | b"title" | b"noscript" | b"iframe" | b"noembed"
        | b"noframes" => (Role::Raw, SPECIAL),
        b"xmp" | b"plaintext" => (Role::Raw, SPECIAL | CLOSES_P),
        b"html" | b"head" | b"body" | b"frame" => (Role::Ignored, SPECIAL),
        b"frameset" => (Role::Frameset, SPECIAL),
        b"form" => (Role::Form, SPECIAL | CLOSES_P),
        b"button" => (Role::Button, SPECIAL | BUTTON_SCOPE | SCOPED_END),
        b"select" => (Role::Select, SPECIAL | SCOPE | SCOPED_END),
        b"option" => (Role::Option, 0),
        b"rb" | b"rp" | b"rt" => (Role::Ruby, 0),
        b"rtc" => (Role::Rtc, 0),
        b"optgroup" => (Role::Optgroup, 0),
        b"applet" | b"marquee" | b"object" => (Role::Other, SPECIAL | SCOPE | MARKER | SCOPED_END),
        b"isindex" => (Role::Other, SPECIAL),
        b"table" => (Role::Table, SPECIAL | SCOPE | TABLE_SCOPE),
        b"tbody" | b"thead" | b"tfoot" => (Role::Section, SPECIAL),
        b"tr" => (Role::Tr, SPECIAL),
        b"td" | b"th" => (Role::Cell, SPECIAL | SCOPE | MARKER),
        b"caption" => (Role::Caption, SPECIAL | SCOPE | MARKER),
        b"colgroup" => (Role::Colgroup, SPECIAL),
        b"col" => (Role::Col, SPECIAL),
        b"template" => (Role::Template, SPECIAL | SCOPE | TABLE_SCOPE | MARKER),
        _ => (Role::Other, 0),
    }
}

/// The first 8 bytes of a tag name, lower-cased: with the length, the name when it is short.
pub(super) fn name_key(name: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    for (k, &b) in key.iter_mut().zip(name) {
        *k = b.to_ascii_lowercase();
    }
    u64::from_le_bytes(key)
}

/// An open HTML element: its name (the key, and where the name is in the input when it is
/// longer than the key), role and tag sets.
#[derive(Clone, Copy)]
pub(super) struct Open {
    pub(super) key: u64,
    pub(super) at: u32,
    pub(super) len: u32,
    pub(super) role: Role,
    pub(super) flags: u16,
    /// How many marker elements had opened before it.
    pub(super) epoch: u32,
}

/// Where a search through the open elements ended.
pub(super) enum Found {
    /// At the element this many below the innermost one.
    At(usize),
    /// Not open (or not in the scope searched).
    Absent,
    /// At the integration point the HTML content is in: the parser would go on into the SVG
    /// or MathML around it.
    Integration,
    /// Past the elements the pre-scan still knows (see [`OPEN_CAPACITY`]).
    Lost,
}

/// The open HTML elements, innermost last, the way html5ever's tree builder keeps its stack
/// of open elements, with the formatting elements it may reopen. Every start and end tag is
/// applied as the tree builder applies it, where that can be told from the tags alone; where
/// it can't, the deeper reading is taken: an element that may have closed stays open, an
/// element no end tag is certain to match is [`forget`](OpenElements::forget)ten. Fixed
/// capacity: the innermost [`OPEN_CAPACITY`] elements are known; a search that reaches the
/// outer ones gives up ([`Found::Lost`]), and so does the scan (see [`Content::Unsure`]).
pub(super) struct OpenElements {
    pub(super) ring: [Open; OPEN_CAPACITY],
    /// Open elements, the ones out of the ring included.
    pub(super) len: usize,
    /// Of those, the innermost ones in the ring.
    pub(super) known: usize,
    /// Formatting elements closed by something else than their end tag: the parser keeps them
    /// in its list of active formatting elements and reopens them before the next text or
    /// inline element (their keys; past the capacity only counted, in `reopen_lost`).
    pub(super) reopen: [u64; REOPEN_CAPACITY],
    pub(super) reopen_len: usize,
    pub(super) reopen_lost: usize,
    /// The parser drops from that list only what follows its last marker (`td`, `object`,
    /// …), and a marker may stay after its element has closed (an `object` closed by
    /// `</table>`): the pre-scan drops only what it added after the last marker element
    /// opened, and clears nothing when one closes.
    pub(super) reopen_floor: usize,
    /// The parser's form element pointer is set: a `<form>` is ignored.
    pub(super) form: bool,
    /// Marker elements opened so far.
    pub(super) markers: u32,
    /// Open elements by role, the ones out of the ring included: most searches end here (no
    /// `p` open, no table).
    pub(super) roles: [u32; ROLES],
}
/// The elements whose innermost one sets the tree builder's insertion mode in a table.
pub(super) const TABLE_PARTS: &[Role] = &[
    Role::Table,
    Role::Section,
    Role::Tr,
    Role::Cell,
    Role::Caption,
    Role::Colgroup,
    Role::Template,
];
/// How many [`Role`]s there are.
pub(super) const ROLES: usize = Role::Forgotten as usize + 1;
pub(super) const OPEN_CAPACITY: usize = 256;
pub(super) const REOPEN_CAPACITY: usize = 64;

impl OpenElements {
    pub(super) fn new() -> Self {
        let none = Open {
            key: 0,
            at: 0,
            len: 0,
            role: Role::Other,
            flags: 0,
            epoch: 0,
        };
        OpenElements {
            ring: [none; OPEN_CAPACITY],
            len: 0,
            known: 0,
            reopen: [0; REOPEN_CAPACITY],
            reopen_len: 0,
            reopen_lost: 0,
            reopen_floor: 0,
            form: false,
            markers: 0,
            roles: [0; ROLES],
        }
    }

    /// Whether an element of one of these roles is open.
    pub(super) fn any_open(&self, roles: &[Role]) -> bool {
        roles.iter().any(|&r| self.roles[r as usize] > 0)
    }

    /// The open element `below` elements under the innermost one (`below < self.known`).
    pub(super) fn get(&self, below: usize) -> &Open {
        &self.ring[(self.len - 1 - below) % OPEN_CAPACITY]
    }

    pub(super) fn get_mut(&mut self, below: usize) -> &mut Open {
        &mut self.ring[(self.len - 1 - below) % OPEN_CAPACITY]
    }

    /// The current node's role ([`Role::Forgotten`] when it can't be told).
    pub(super) fn top_role(&self) -> Option<Role> {
        if self.known > 0 {
            Some(self.get(0).role)
        } else {
            (self.len > 0).then_some(Role::Forgotten)
        }
    }

    /// An element named `raw` (at `at` in `bytes`), role and flags from [`classify`].
    pub(super) fn element(at: usize, raw: &[u8], role: Role, flags: u16) -> Open {
        let trackable = at <= u32::MAX as usize && raw.len() <= u32::MAX as usize;
        Open {
            key: name_key(raw),
            at: if trackable { at as u32 } else { 0 },
            len: raw.len() as u32,
            role,
            flags: if trackable { flags } else { flags | UNMATCHED },
            epoch: 0,
        }
    }

    /// One of the tree builder's own elements (`tbody`, `tr`).
    pub(super) fn implied(name: &[u8], role: Role) -> Open {
        Open {
            key: name_key(name),
            at: 0,
            len: name.len() as u32,
            role,
            flags: SPECIAL | IMPLIED,
            epoch: 0,
        }
    }

    pub(super) fn push(&mut self, mut open: Open, depth: &mut usize) {
        if open.flags & MARKER != 0 {
            self.reopen_floor = self.reopen_len;
            self.markers += 1;
        }
        open.epoch = self.markers;
        self.ring[self.len % OPEN_CAPACITY] = open;
        self.roles[open.role as usize] += 1;
        self.len += 1;
        self.known = (self.known + 1).min(OPEN_CAPACITY);
        *depth += 1;
    }

    /// Closes the `n` innermost elements; `by_end_tag`: the last is closed by its own end
    /// tag. Any other formatting element closed may be reopened.
    pub(super) fn pop(&mut self, n: usize, by_end_tag: bool, depth: &mut usize) {
        for k in 0..n {
            let open = *self.get(0);
            self.roles[open.role as usize] -= 1;
            self.len -= 1;
            self.known -= 1;
            *depth -= usize::from(open.flags & INTEGRATION == 0);
            if matches!(open.role, Role::Formatting | Role::A) && !(by_end_tag && k + 1 == n) {
                self.may_reopen(open.key, depth);
            }
        }
    }

    pub(super) fn may_reopen(&mut self, key: u64, depth: &mut usize) {
        if self.reopen_len < REOPEN_CAPACITY {
            self.reopen[self.reopen_len] = key;
            self.reopen_len += 1;
        } else {
            self.reopen_lost += 1;
        }
        *depth += 1;
    }

    /// An end tag for a formatting element that is not open: the parser drops the last such
    /// element after the last marker from its list.
    pub(super) fn drop_reopen(&mut self, key: u64, depth: &mut usize) {
        let floor = self.reopen_floor;
        if let Some(k) = (floor..self.reopen_len)
            .rev()
            .find(|&k| self.reopen[k] == key)
        {
            self.reopen.copy_within(k + 1..self.reopen_len, k);
            self.reopen_len -= 1;
            *depth -= 1;
        }
    }

    /// The innermost open element that `hit`s, searching out from the innermost one and
    /// stopping at an element that `stop`s (after testing it for a hit).
    pub(super) fn search(
        &self,
        hit: impl Fn(&Open) -> bool,
        stop: impl Fn(&Open) -> bool,
    ) -> Found {
        for k in 0..self.known {
            let open = self.get(k);
            if open.flags & INTEGRATION != 0 {
                return Found::Integration;
            }
            if hit(open) {
                return Found::At(k);
            }
            if stop(open) {
                return Found::Absent;
            }
        }
        if self.len > self.known {
            Found::Lost
        } else {
            Found::Absent
        }
    }

    /// Whether `open` is named `raw` (ASCII case-insensitive), `key` being `name_key(raw)`.
    pub(super) fn named(bytes: &[u8], open: &Open, key: u64, raw: &[u8]) -> bool {
        open.key == key
            && open.len as usize == raw.len()
            && open.flags & UNMATCHED == 0
            && (raw.len() <= 8
                || bytes[open.at as usize..open.at as usize + raw.len()].eq_ignore_ascii_case(raw))
    }

    /// Keeps the `n` innermost elements counted but matched by no end tag or rule: the parser
    /// may have closed or moved them. (Formatting ones may also be reopened.)
    pub(super) fn forget(&mut self, n: usize, depth: &mut usize) {
        for k in 0..n {
            self.forget_one(k, depth);
        }
    }

    /// Applies a scope search's result: pops to the element found. `false` if lost.
    pub(super) fn close_in_scope(&mut self, found: Found, depth: &mut usize) -> bool {
        match found {
            Found::At(k) => self.pop(k + 1, true, depth),
            Found::Absent | Found::Integration => {}
            Found::Lost => return false,
        }
        true
    }

    /// Closes a `p` in button scope. `false` if lost.
    pub(super) fn close_p(&mut self, depth: &mut usize) -> bool {
        if !self.any_open(&[Role::P]) {
            return true;
        }
        let found = self.search(
            |o| o.role == Role::P,
            |o| o.flags & (SCOPE | BUTTON_SCOPE) != 0,
        );
        self.close_in_scope(found, depth)
    }

    /// Whether a `select` is in scope (`None` if lost).
    pub(super) fn select_in_scope(&self) -> Option<Option<usize>> {
        if !self.any_open(&[Role::Select]) {
            return Some(None);
        }
        match self.search(|o| o.role == Role::Select, |o| o.flags & SCOPE != 0) {
            Found::At(k) => Some(Some(k)),
            Found::Absent | Found::Integration => Some(None),
            Found::Lost => None,
        }
    }

    /// The current node as far as the pre-scan can tell: the innermost element not
    /// forgotten (how many elements below the innermost one), and whether it certainly is the
    /// parser's current node (nothing forgotten above it, no formatting element the parser
    /// may have reopened on top of it).
    pub(super) fn current(&self) -> Option<(usize, bool)> {
        let k = (0..self.known).find(|&k| self.get(k).role != Role::Forgotten)?;
        Some((k, k == 0 && self.reopen_len + self.reopen_lost == 0))
    }

    pub(super) fn current_role(&self) -> Option<Role> {
        self.current().map(|(k, _)| self.get(k).role)
    }

    /// Closes the current node, or forgets it where it may not be the parser's current node.
    pub(super) fn close_current(&mut self, depth: &mut usize) {
        match self.current() {
            Some((_, true)) => self.pop(1, false, depth),
            Some((k, false)) => self.forget_one(k, depth),
            None => {}
        }
    }

    /// Closes the elements whose end tags are implied (`p`, `li`, `option`, …; not
    /// `except`).
    pub(super) fn close_implied(&mut self, except: Role, depth: &mut usize) {
        while let Some(role) = self.current_role() {
            let implied = matches!(
                role,
                Role::P
                    | Role::Li
                    | Role::Definition
                    | Role::Option
                    | Role::Optgroup
                    | Role::Ruby
                    | Role::Rtc
            );
            if !implied || role == except {
                break;
            }
            self.close_current(depth);
        }
    }

    /// Applies an HTML start tag: its role, `None` if the pre-scan lost track.
    pub(super) fn start_tag(
        &mut self,
        bytes: &[u8],
        at: usize,
        raw: &[u8],
        name: &[u8],
        depth: &mut usize,
    ) -> Option<Role> {
        let (role, flags) = classify(name);
        let element = Self::element(at, raw, role, flags);
        self.apply_start_tag(bytes, raw, name, element, depth)
            .then_some(role)
    }

    pub(super) fn apply_start_tag(
        &mut self,
        bytes: &[u8],
        raw: &[u8],
        name: &[u8],
        element: Open,
        depth: &mut usize,
    ) -> bool {
        let (role, flags) = (element.role, element.flags);
        if !matches!(role, Role::Col | Role::Template)
            && self.current_role() == Some(Role::Colgroup)
        {
            // In a column group, anything else closes it.
            self.close_current(depth);
        }
        match role {
            Role::Void | Role::Ignored => return true,
            Role::Li | Role::Definition => {
                if self.any_open(&[role]) {
                    let found = self.search(
                        |o| o.role == role,
                        |o| o.flags & SPECIAL != 0 && !matches!(o.role, Role::Div | Role::P),
                    );
                    match found {
                        Found::At(k) => self.pop(k + 1, false, depth),
                        Found::Absent => {}
                        Found::Integration | Found::Lost => return false,
                    }
                }
                if !self.close_p(depth) {
                    return false;
                }
            }
            Role::Heading => {
                if !self.close_p(depth) {
                    return false;
                }
                if self.current_role() == Some(Role::Heading) {
                    self.close_current(depth);
                }
            }
            Role::Button if self.any_open(&[Role::Button]) => {
                let found = self.search(|o| o.role == Role::Button, |o| o.flags & SCOPE != 0);
                if !self.close_in_scope(found, depth) {
                    return false;
                }
            }
            Role::Select => match self.select_in_scope() {
                Some(Some(k)) => {
                    self.pop(k + 1, false, depth);
                    return true;
                }
                Some(None) => {}
                None => return false,
            },
            Role::Option | Role::Optgroup => match self.select_in_scope() {
                Some(Some(_)) => {
                    let except = if role == Role::Option {
                        Role::Optgroup
                    } else {
                        Role::Other
                    };
                    self.close_implied(except, depth);
                }
                Some(None) => {
                    if self.current_role() == Some(Role::Option) {
                        self.close_current(depth);
                    }
                }
                None => return false,
            },
            Role::Hr | Role::Input => {
                if role == Role::Hr && !self.close_p(depth) {
                    return false;
                }
                match self.select_in_scope() {
                    Some(Some(k)) if role == Role::Input => self.pop(k + 1, false, depth),
                    Some(Some(_)) => {
                        self.close_implied(Role::Other, depth);
                    }
                    Some(None) => {}
                    None => return false,
                }
                return true;
            }
            Role::A if self.any_open(&[Role::A]) || self.reopen_len + self.reopen_lost > 0 => {
                // An `a` opened since the last marker is closed first, as by its end tag, and
                // leaves the stack even where that closes nothing (out of scope). One opened
                // before a marker the parser may or may not close: forgotten.
                let key = name_key(raw);
                let named = |o: &Open| Self::named(bytes, o, key, raw);
                match self.search(named, |o| o.flags & MARKER != 0) {
                    Found::At(k) if self.get(k).epoch != self.markers => self.forget_one(k, depth),
                    Found::At(_) | Found::Absent => {
                        if !self.formatting_end_tag(bytes, raw, depth) {
                            return false;
                        }
                        if let Found::At(k) = self.search(named, |o| o.flags & MARKER != 0) {
                            self.forget_one(k, depth);
                        }
                    }
                    Found::Integration | Found::Lost => return false,
                }
            }
            Role::Formatting if name == b"nobr" => {
                // A `nobr` in scope is closed first, as by its end tag.
                let key = name_key(raw);
                match self.search(
                    |o| Self::named(bytes, o, key, raw),
                    |o| o.flags & SCOPE != 0,
                ) {
                    Found::At(_) => {
                        if !self.formatting_end_tag(bytes, raw, depth) {
                            return false;
                        }
                    }
                    Found::Absent | Found::Integration => {}
                    Found::Lost => return false,
                }
            }
            Role::Table
            | Role::Section
            | Role::Tr
            | Role::Cell
            | Role::Caption
            | Role::Colgroup
            | Role::Col => {
                return self.table_start_tag(element, depth);
            }
            Role::Ruby | Role::Rtc => {
                // In a `ruby`, closes the `rb`, `rt`, `p`, … before it (an `rtc` stays
                // open around an `rt` or `rp`).
                let ruby = name_key(b"ruby");
                let in_ruby = self.search(
                    |o| Self::named(bytes, o, ruby, b"ruby"),
                    |o| o.flags & SCOPE != 0,
                );
                match in_ruby {
                    Found::At(_) => {
                        let rt = role == Role::Ruby && !matches!(name, b"rb");
                        let except = if rt { Role::Rtc } else { Role::Other };
                        self.close_implied(except, depth);
                    }
                    Found::Absent | Found::Integration => {}
                    Found::Lost => return false,
                }
            }
            Role::Form => {
                if self.form {
                    return true; // a form in a form
                }
                self.form = true;
                if let Some(Role::Table | Role::Section | Role::Tr | Role::Colgroup) =
                    self.table_mode()
                {
                    return true; // opened and closed at once
                }
            }
            // Template contents have insertion modes of their own: not followed.
            Role::Template => return false,
            // Ignored, or the page is a frameset: not followed.
            Role::Frameset => return false,
            _ => {}
        }
        if flags & CLOSES_P != 0 && !matches!(role, Role::Heading) && !self.close_p(depth) {
            return false;
        }
        self.push(element, depth);
        true
    }

    /// A table's start tags: each closes the table parts it can't be inside and opens the
    /// ones it needs (`<table><td>` opens `tbody`, `tr`, `td`). `false` if lost.
    pub(super) fn table_start_tag(&mut self, element: Open, depth: &mut usize) -> bool {
        let role = element.role;
        loop {
            if !self.any_open(TABLE_PARTS) {
                // In a body, only a table opens.
                if role == Role::Table {
                    return self.table_in_body(element, depth);
                }
                return true;
            }
            // The insertion mode: the innermost table part.
            let found = self.search(|o| TABLE_PARTS.contains(&o.role), |_| false);
            let k = match found {
                Found::At(k) => k,
                Found::Absent => {
                    // In a body, only a table opens.
                    if role == Role::Table {
                        return self.table_in_body(element, depth);
                    }
                    return true;
                }
                Found::Integration | Found::Lost => return false,
            };
            let context = self.get(k).role;
            match (role, context) {
                (Role::Col, Role::Colgroup | Role::Template) => return true,
                (_, Role::Template) => break,
                (Role::Table, Role::Cell | Role::Caption) => {
                    return self.table_in_body(element, depth)
                }
                (Role::Table, _) => {
                    // Closes the table it is in, then opens where that table was.
                    match self.search(|o| o.role == Role::Table, |o| o.flags & TABLE_SCOPE != 0) {
                        Found::At(t) => self.pop(t + 1, false, depth),
                        _ => return false,
                    }
                }
                (_, Role::Cell | Role::Caption | Role::Colgroup) => self.pop(k + 1, false, depth),
                (Role::Cell, Role::Tr) => {
                    self.pop(k, false, depth);
                    break;
                }
                (Role::Cell, Role::Section) => {
                    self.pop(k, false, depth);
                    self.push(Self::implied(b"tr", Role::Tr), depth);
                    break;
                }
                (Role::Cell, _) => {
                    self.pop(k, false, depth);
                    self.push(Self::implied(b"tbody", Role::Section), depth);
                    self.push(Self::implied(b"tr", Role::Tr), depth);
                    break;
                }
                (Role::Tr, Role::Section) => {
                    self.pop(k, false, depth);
                    break;
                }
                (Role::Tr, Role::Table) => {
                    self.pop(k, false, depth);
                    self.push(Self::implied(b"tbody", Role::Section), depth);
                    break;
                }
                (_, Role::Tr | Role::Section) => self.pop(k + 1, false, depth),
                (Role::Col, _) => {
                    self.pop(k, false, depth);
                    self.push(Self::implied(b"colgroup", Role::Colgroup), depth);
                    return true;
                }
                _ => {
                    // A section, caption or column group in a table.
                    self.pop(k, false, depth);
                    break;
                }
            }
        }
        if role != Role::Col {
            self.push(element, depth);
        }
        true
    }

    /// The innermost open table part, if any.
    pub(super) fn table_mode(&self) -> Option<Role> {
        if !self.any_open(TABLE_PARTS) {
            return None;
        }
        match self.search(|o| TABLE_PARTS.contains(&o.role), |_| false) {
            Found::At(k) => Some(self.get(k).role),
            _ => None,
        }
    }

    /// A table opened in a body or cell: it closes an open `p` in no-quirks mode only, so the
    /// `p` and what is in it are forgotten.
    pub(super) fn table_in_body(&mut self, element: Open, depth: &mut usize) -> bool {
        if !self.any_open(&[Role::P]) {
            self.push(element, depth);
            return true;
        }
        match self.search(
            |o| o.role == Role::P,
            |o| o.flags & (SCOPE | BUTTON_SCOPE) != 0,
        ) {
            Found::At(k) => self.forget(k + 1, depth),
            Found::Absent | Found::Integration => {}
            Found::Lost => return false,
        }
        self.push(element, depth);
        true
    }

    /// A formatting element's end tag (the adoption agency algorithm): it closes the element
    /// and what is in it when nothing special is; else the parser moves elements around, and
    /// the pre-scan forgets the element and every non-special one inside it. `false` if lost.
    pub(super) fn formatting_end_tag(
        &mut self,
        bytes: &[u8],
        raw: &[u8],
        depth: &mut usize,
    ) -> bool {
        if !self.any_open(&[Role::Formatting, Role::A]) && self.reopen_len == 0 {
            return true;
        }
        let key = name_key(raw);
        let mut special = false;
        for k in 0..self.known {
            let open = self.get(k);
            if open.flags & INTEGRATION != 0 {
                return false;
            }
            if Self::named(bytes, open, key, raw) {
                if !special {
                    self.pop(k + 1, true, depth);
                } else {
                    for j in 0..=k {
                        if self.get(j).flags & SPECIAL == 0 {
                            self.forget_one(j, depth);
                        }
                    }
                }
                return true;
            }
            if open.flags & SCOPE != 0 {
                // Not in scope: ignored. (`<a>` inside a cell opens anyway.)
                return true;
            }
            special |= open.flags & SPECIAL != 0;
        }
        if self.len > self.known {
            return false;
        }
        self.drop_reopen(key, depth);
        true
    }

    /// Keeps the element `below` elements under the innermost one counted but matched by no
    /// end tag or rule: the parser may have closed or moved it. (A formatting one may also be
    /// reopened.)
    pub(super) fn forget_one(&mut self, below: usize, depth: &mut usize) {
        let open = self.get_mut(below);
        let (key, role) = (open.key, open.role);
        open.role = Role::Forgotten;
        open.flags |= UNMATCHED;
        self.roles[role as usize] -= 1;
        self.roles[Role::Forgotten as usize] += 1;
        if matches!(role, Role::Formatting | Role::A) {
            self.may_reopen(key, depth);
        }
    }

    /// Applies an HTML end tag. `false` if the pre-scan lost track.
    pub(super) fn end_tag(
        &mut self,
        bytes: &[u8],
        raw: &[u8],
        name: &[u8],
        depth: &mut usize,
    ) -> bool {
        // Most end tags close the current node, whatever their rule.
        let current = self.known > 0 && Self::named(bytes, self.get(0), name_key(raw), raw);
        if current && self.get(0).role != Role::Form {
            self.pop(1, true, depth);
            return true;
        }
        let (role, flags) = classify(name);
        if !matches!(role, Role::Colgroup | Role::Col | Role::Template)
            && self.current_role() == Some(Role::Colgroup)
        {
            self.close_current(depth);
        }
        let key = name_key(raw);
        let same = |o: &Open| Self::named(bytes, o, key, raw);
        if role == Role::Form && !std::mem::replace(&mut self.form, false) {
            return true; // no form element pointer: ignored
        }
        if matches!(
            role,
            Role::P
                | Role::Li
                | Role::Heading
                | Role::Form
                | Role::Table
                | Role::Section
                | Role::Tr
                | Role::Cell
                | Role::Caption
                | Role::Template
                | Role::Button
                | Role::Select
                | Role::Definition
        ) && !self.any_open(&[role])
        {
            return true;
        }
        let found = match role {
            Role::Formatting | Role::A => return self.formatting_end_tag(bytes, raw, depth),
            Role::P => self.search(
                |o| o.role == Role::P,
                |o| o.flags & (SCOPE | BUTTON_SCOPE) != 0,
            ),
            Role::Li => self.search(
                |o| o.role == Role::Li,
                |o| o.flags & (SCOPE | LIST_SCOPE) != 0,
            ),
            Role::Heading => self.search(|o| o.role == Role::Heading, |o| o.flags & SCOPE != 0),
            Role::Form => {
                // The form element leaves the stack of open elements, what is inside stays.
                match self.search(|o| o.role == Role::Form, |o| o.flags & SCOPE != 0) {
                    Found::At(_) => {
                        self.close_implied(Role::Other, depth);
                        match self.search(|o| o.role == Role::Form, |_| false) {
                            Found::At(0) => self.pop(1, true, depth),
                            Found::At(k) => self.forget_one(k, depth),
                            _ => {}
                        }
                    }
                    Found::Absent | Found::Integration => {}
                    Found::Lost => return false,
                }
                return true;
            }
            Role::Colgroup => {
                if self.current_role() == Some(Role::Colgroup) {
                    self.close_current(depth);
                }
                return true;
            }
            Role::Table | Role::Section | Role::Tr | Role::Cell | Role::Caption => {
                match self.search(same, |o| o.flags & TABLE_SCOPE != 0) {
                    Found::Integration => return false,
                    found => found,
                }
            }
            Role::Template => match self.search(same, |_| false) {
                Found::Integration => return false,
                found => found,
            },
            Role::Void | Role::Col | Role::Ignored | Role::Frameset => return true,
            _ if flags & SCOPED_END != 0 || role == Role::Definition => {
                self.search(same, |o| o.flags & SCOPE != 0)
            }
            // Any other end tag: the innermost element of its name, if nothing special is
            // inside it.
            _ => match self.search(same, |o| o.flags & SPECIAL != 0) {
                Found::Integration => return false,
                found => found,
            },
        };
        self.close_in_scope(found, depth)
    }

    /// Whether the current node is an integration point (see [`Self::push_integration_point`]).
    pub(super) fn at_integration_point(&self) -> bool {
        self.known > 0 && self.get(0).flags & INTEGRATION != 0
    }

    /// Marks where the HTML content of an SVG/MathML integration point starts (the
    /// integration point itself is counted with the foreign elements): searches that reach it
    /// would go on into foreign content.
    pub(super) fn push_integration_point(&mut self) {
        let mut depth = 0;
        let mut mark = Self::implied(b"", Role::Forgotten);
        mark.flags = INTEGRATION | UNMATCHED;
        self.push(mark, &mut depth);
    }

    /// A start tag in [`Content::Unsure`]: read as HTML and as foreign content, whichever
    /// nests deeper.
    pub(super) fn unsure_start_tag(
        &mut self,
        at: usize,
        raw: &[u8],
        name: &[u8],
        self_closing: bool,
        depth: &mut usize,
    ) {
        let (role, flags) = classify(name);
        let name_str = std::str::from_utf8(name).unwrap_or("");
        // Flat only where neither reading nests: an HTML void element or ignored tag that also
        // breaks out of foreign content, or a void element written `/>`.
        if matches!(
            role,
            Role::Void | Role::Ignored | Role::Hr | Role::Input | Role::Col
        ) && (BREAKOUT.contains(&name_str) || (self_closing && VOID.contains(&name_str)))
        {
            return;
        }
        // `p`, `li`, `dd`, `dt` break out of foreign content: then as in HTML.
        if matches!(role, Role::P | Role::Li | Role::Definition)
            && self.current_role() == Some(role)
        {
            self.close_current(depth);
        }
        // The table parts HTML would add.
        if role == Role::Cell && self.top_role() != Some(Role::Tr) {
            if self.top_role() != Some(Role::Section) {
                self.push(Self::implied(b"tbody", Role::Section), depth);
            }
            self.push(Self::implied(b"tr", Role::Tr), depth);
        }
        if role == Role::Tr && self.top_role() != Some(Role::Section) {
            self.push(Self::implied(b"tbody", Role::Section), depth);
        }
        self.push(Self::element(at, raw, role, flags), depth);
    }

    /// An end tag in [`Content::Unsure`]: it closes the current node if that is of its name
    /// (a table part's, through the table parts HTML added), else nothing.
    pub(super) fn unsure_end_tag(
        &mut self,
        bytes: &[u8],
        raw: &[u8],
        name: &[u8],
        depth: &mut usize,
    ) {
        let (role, _) = classify(name);
        let table_part = matches!(
            role,
            Role::Table | Role::Section | Role::Tr | Role::Cell | Role::Caption
        );
        let key = name_key(raw);
        for k in 0..self.known {
            let open = self.get(k);
            if Self::named(bytes, open, key, raw) {
                self.pop(k + 1, true, depth);
                return;
            }
            if !(table_part && open.flags & IMPLIED != 0) {
                return;
            }
        }
    }
}
