//! Definitions the article gives itself. Each pattern says what it recognises; the look-alikes
//! it must not take (bylines, agencies, years, tickers) are listed beside it.
//!
//! Chinese: `所谓“X”是指Y` / `所谓X是指Y` / `所谓X，就是Y`; `X是指Y`; `X（Y）` / `X(Y)` translations
//! and acronyms (`甲骨文(Oracle)`, `萨姆·奥尔特曼(Sam Altman)`, `Benchmark（基准）`); role then name
//! (`台湾人工智能实验室创办人杜奕瑾` → 杜奕瑾: 台湾人工智能实验室创办人); `一家…公司“X”`.
//! English: `Long Name (ACRONYM)`; `X, a/an/the Y,`; `X, which is/means Y`; `X refers to Y`.

use std::collections::HashSet;

use crate::fragments::Fragments;
use crate::page::is_cjk;
use crate::rules::annotate::{
    ABBREVIATIONS, AFTER_NAME, BEFORE_APPOSED_NAME, BEFORE_ROLE_DESCRIPTION, BEFORE_SHI_ZHI,
    CLAUSE_VERBS, CREDITS, DEFINING_LINKS, ENGLISH_WORDS, GENERIC_NOUNS, NOT_IN_GLOSS, NOT_NAMES,
    NOT_NAME_OPENERS, NOT_NAME_START, NOT_PERSON_NAMES, NOT_SHI_ZHI, ORGS, ORG_SUFFIXES,
    OTHER_LATIN_WORDS, ROLES, SURNAMES,
};

/// A definition found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mined {
    pub term: String,
    pub definition: String,
}

/// Longest definition kept, in characters.
const MAX_DEFINITION: usize = 160;
/// How far back a pattern looks for the start of its term or clause, in characters: terms are
/// short, and a bound keeps a megabyte-long paragraph linear.
const LOOKBACK: usize = 80;

/// All definitions in one paragraph's text, in order.
pub(crate) fn mine(text: &str) -> Vec<Mined> {
    let mut out = Vec::new();
    // Cheap substring tests first: most paragraphs hold none of the markers.
    if text.chars().any(is_cjk) {
        let chars: Vec<char> = text.chars().collect();
        if text.contains("所谓") {
            suo_wei(&chars, &mut out);
        }
        if text.contains("是指") {
            shi_zhi(&chars, &mut out);
        }
        if text.contains(['(', '（']) {
            parentheses(&chars, &mut out);
        }
        role_then_name(text, &chars, &mut out);
        if text.contains("一家") {
            org_quote(&chars, &mut out);
        }
    }
    let appositions = text.contains('(') || text.contains(", ");
    let links = text.contains(" refers to ")
        || text.contains(", which ")
        || text.contains(" is defined as ");
    if appositions || links {
        // Appositions and links are read in English only (`Blog, an meinen Fotos…` is German);
        // the language is worth reading only where an apposition's `, a ` or a link is.
        let needs_english = links || [", a ", ", an ", ", the "].iter().any(|a| text.contains(a));
        let english = needs_english && looks_english(text);
        if appositions {
            english_appositions(text, english, &mut out);
        }
        if links && english {
            english_refers(text, &mut out);
        }
    }
    out.retain(valid);
    let mut seen = std::collections::HashSet::new();
    out.retain(|m| seen.insert(m.term.clone()));
    out
}

fn valid(m: &Mined) -> bool {
    let term_len = m.term.chars().count();
    let def_len = m.definition.chars().count();
    let lower = m.term.to_lowercase();
    (2..=40).contains(&term_len)
        && (2..=MAX_DEFINITION).contains(&def_len)
        && m.term != m.definition
        // A name, not a number or a measure (`164cm（占60.6％）`).
        && m.term.starts_with(|c: char| c.is_alphabetic())
        // The whole name: no clause punctuation inside, nothing that starts mid-phrase.
        && !m.term.contains([
            '，', '。', '；', '：', '、', '！', '？', ',', ';', ':', '(', ')', '（', '）', '"',
            '“', '”',
        ])
        && !m.term.starts_with(['的', '了', '和', '与', '在', '是', '及', '或'])
        // Generic nouns standing for something named before: `the company`, `该公司`.
        && !GENERIC_NOUNS.contains(&lower.trim_start_matches("the ").trim())
        && !m.term.starts_with(['该', '此', '这', '那', '本', '其'])
}

fn s(chars: &[char]) -> String {
    chars.iter().collect::<String>().trim().to_string()
}

fn find(chars: &[char], from: usize, needle: &str) -> Option<usize> {
    let n: Vec<char> = needle.chars().collect();
    (from..chars.len().saturating_sub(n.len() - 1)).find(|&i| chars[i..].starts_with(&n))
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// The definition runs to the end of the sentence; `None` if that is further than a
/// definition can be (looking no further than that, so long paragraphs stay linear).
fn until_sentence_end(chars: &[char], from: usize) -> Option<String> {
    let limit = chars.len().min(from + MAX_DEFINITION + 1);
    let end = (from..limit)
        .find(|&i| is_sentence_end(chars[i]))
        .or((limit == chars.len()).then_some(limit))?;
    Some(s(&chars[from..end]))
}

/// At most `max` bytes of `text` from its start, cut on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn strip_quotes(t: &str) -> String {
    t.trim_matches(|c| {
        matches!(
            c,
            '“' | '”' | '"' | '「' | '」' | '《' | '》' | '‘' | '’' | '\'' | ' '
        )
    })
    .to_string()
}

/// `所谓“X”是指Y`, `所谓X是指Y`, `所谓X，就是Y`, `所谓X，即Y`.
fn suo_wei(chars: &[char], out: &mut Vec<Mined>) {
    let mut from = 0;
    while let Some(at) = find(chars, from, "所谓") {
        from = at + 2;
        let window_end = (from + 30).min(chars.len());
        let Some((link, len)) = ["是指", "就是", "指的是", "即", "是"]
            .iter()
            .filter_map(|l| find(&chars[..window_end], from, l).map(|p| (p, l.chars().count())))
            .min_by_key(|(p, _)| *p)
        else {
            continue;
        };
        let raw = s(&chars[from..link]);
        let raw = raw.trim_end_matches(['，', ',']).trim_start_matches('的');
        // A quoted term is the whole of what stands before the link: `所谓的“永动机”研究的人…是`
        // defines nothing.
        let quoted = raw.starts_with(['“', '「', '《', '"']);
        let closed = raw.ends_with(['”', '」', '》', '"']);
        if quoted != closed
            || (quoted
                && raw
                    .chars()
                    .filter(|c| matches!(c, '“' | '「' | '《'))
                    .count()
                    > 1)
        {
            continue;
        }
        let term = strip_quotes(raw);
        let Some(definition) = until_sentence_end(chars, link + len) else {
            continue;
        };
        if !term.is_empty() && term.chars().count() <= 12 && !term.contains(['，', '。']) {
            out.push(Mined {
                term,
                definition: definition.trim_start_matches(['，', ',']).to_string(),
            });
        }
    }
}

/// The start of the clause that ends at `end`: after the last punctuation mark.
fn clause_start(chars: &[char], end: usize) -> usize {
    clause_start_after(chars, end, true)
}

/// The start of the clause that ends at `end`, quotation marks not ending it.
fn clause_start_keeping_quotes(chars: &[char], end: usize) -> usize {
    clause_start_after(chars, end, false)
}

/// After the last clause punctuation before `end` (quotation marks count when `quotes`),
/// looking back at most [`LOOKBACK`] characters.
fn clause_start_after(chars: &[char], end: usize, quotes: bool) -> usize {
    let floor = end.saturating_sub(LOOKBACK);
    (floor..end)
        .rev()
        .find(|&i| {
            matches!(
                chars[i],
                '，' | '。'
                    | '；'
                    | '：'
                    | '、'
                    | '！'
                    | '？'
                    | ','
                    | '.'
                    | ';'
                    | ':'
                    | '（'
                    | '('
                    | '\n'
            ) || (quotes && matches!(chars[i], '“' | '”' | '"'))
        })
        .map_or(floor, |i| i + 1)
}

/// `X是指Y` (not after `所谓`, which is handled above).
fn shi_zhi(chars: &[char], out: &mut Vec<Mined>) {
    let mut from = 0;
    while let Some(at) = find(chars, from, "是指") {
        from = at + 2;
        if chars.get(at + 2).is_some_and(|c| NOT_SHI_ZHI.contains(c)) {
            continue;
        }
        // Quotes belong to the term (`“送”主要是指` is not a definition of 主要).
        let start = clause_start_keeping_quotes(chars, at);
        let mut raw = s(&chars[start..at]);
        // `X主要是指`, `X通常是指`: the adverb is not part of the term.
        while let Some(adverb) = BEFORE_SHI_ZHI.iter().find(|a| raw.ends_with(**a)) {
            raw.truncate(raw.len() - adverb.len());
        }
        let quoted = raw.starts_with(['“', '「', '《', '"']);
        let closed = raw.ends_with(['”', '」', '》', '"']);
        let term = strip_quotes(&raw);
        if term.starts_with("所谓")
            || term.chars().count() > 12
            || term.chars().count() < 2
            || quoted != closed
            || term.contains(['“', '”', '「', '」', '《', '》', '"'])
        {
            continue;
        }
        if let Some(definition) = until_sentence_end(chars, at + 2) {
            out.push(Mined { term, definition });
        }
    }
}

/// `X（Y）` and `X(Y)`: a CJK name and its Latin form, or a Latin word and its Chinese gloss.
fn parentheses(chars: &[char], out: &mut Vec<Mined>) {
    for (open, close) in [('（', '）'), ('(', ')')] {
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != open {
                i += 1;
                continue;
            }
            let Some(len) = chars[i + 1..]
                .iter()
                .take(60)
                .position(|&c| c == close || c == open)
            else {
                i += 1;
                continue;
            };
            let inner = s(&chars[i + 1..i + 1 + len]);
            let next = i + 1 + len + 1;
            if let Some(m) = paren_definition(chars, i, &inner) {
                out.push(m);
            }
            i = next;
        }
    }
}

fn paren_definition(chars: &[char], open_at: usize, inner: &str) -> Option<Mined> {
    let lower = inner.to_lowercase();
    let first_word = lower.split([' ', ':', '：', '/', ',']).next().unwrap_or("");
    if inner.is_empty()
        || CREDITS
            .iter()
            .any(|c| lower == *c || first_word == *c || lower.starts_with(&format!("{c} ")))
    {
        return None; // bylines and credits: （记者 张三）, (AP), （图）
    }
    if inner.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, '-' | '–' | '.' | ',' | ' ' | '年' | '月' | '日')
    }) {
        return None; // years, dates, numbers
    }
    if inner.contains(':')
        || inner.contains('：')
        || lower.starts_with("p.")
        || lower.starts_with("page")
    {
        return None; // tickers (NASDAQ: NVDA), page numbers
    }
    let before = &chars[..open_at];
    let inner_cjk = inner.chars().any(is_cjk);
    let inner_latin = inner.chars().any(|c| c.is_ascii_alphabetic());
    if inner_latin && !inner_cjk {
        // CJK name before, Latin form inside: 甲骨文(Oracle), 萨姆·奥尔特曼(Sam Altman).
        if !inner.starts_with(|c: char| c.is_ascii_uppercase())
            || inner.split_whitespace().count() > 5
        {
            return None;
        }
        let term = cjk_name_before(before, inner)?;
        return Some(Mined {
            term,
            definition: inner.to_string(),
        });
    }
    if inner_cjk && !inner_latin {
        // Latin word before, Chinese gloss inside: Benchmark（基准）.
        let end = before.len();
        let floor = end.saturating_sub(LOOKBACK);
        let start = (floor..end)
            .rev()
            .find(|&i| !(before[i].is_ascii_alphanumeric() || before[i] == '-' || before[i] == ' '))
            .map_or(floor, |i| i + 1);
        let term = s(&before[start..end]);
        // A gloss names: a clause (`Sony S46（因为它只有黑色了）`) or a figure (`164cm（占60.6％）`)
        // is a remark.
        if term.is_empty()
            || !term.starts_with(|c: char| c.is_ascii_alphabetic())
            || term.split_whitespace().count() > 4
            || inner.chars().count() > 12
            || inner
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '％' | '%' | '，' | '、'))
            || NOT_IN_GLOSS.iter().any(|w| inner.contains(w))
        {
            return None;
        }
        return Some(Mined {
            term,
            definition: inner.to_string(),
        });
    }
    None
}

/// The CJK name that ends right before a parenthesis: a quoted name (“星际之门”), or the run of
/// CJK characters and `·` after any role word or conjunction.
fn cjk_name_before(before: &[char], inner: &str) -> Option<String> {
    let end = before.len();
    if end > 0 && matches!(before[end - 1], '”' | '」' | '》') {
        let open = (end.saturating_sub(LOOKBACK)..end - 1)
            .rev()
            .find(|&i| matches!(before[i], '“' | '「' | '《'))?;
        return Some(s(&before[open + 1..end - 1]));
    }
    let floor = end.saturating_sub(LOOKBACK);
    let start = (floor..end)
        .rev()
        .find(|&i| !(is_cjk(before[i]) || before[i] == '·'))
        .map_or(floor, |i| i + 1);
    let run = &before[start..end];
    if run.is_empty() {
        return None;
    }
    // Cut after the last role word: 首席执行官萨姆·奥尔特曼 → 萨姆·奥尔特曼.
    let text: String = run.iter().collect();
    let mut cut = 0;
    for role in ROLES {
        if let Some(p) = text.rfind(role) {
            cut = cut.max(p + role.len());
        }
    }
    let mut name: String = text[cut..].to_string();
    // "…创立的英伟达": the name follows the last 的.
    if let Some(p) = name.rfind('的') {
        // An acronym names the whole phrase, not its head noun: `距飞行地面的高度(AGL)` does
        // not define 高度.
        if inner.chars().all(|c| c.is_ascii_uppercase() || c == ' ') && cut <= p {
            return None;
        }
        name = name[p + '的'.len_utf8()..].to_string();
    }
    // A conjunction or preposition is not part of the name: 和软银 → 软银.
    if name.chars().count() > 2 && name.starts_with(NOT_NAME_START) {
        name = name.chars().skip(1).collect();
    }
    // A long run is a phrase, not a name (生产离不开极紫外(EUV), 就读于圣尼各拉女校(…)), unless
    // a role word ends right before it or it is a transliterated name (萨姆·奥尔特曼).
    let count = name.chars().count();
    // An organisation's full name may be long: `中关村智能算力产业研究院（ZICI）` (but not a
    // verb phrase ending in one: `就读于圣尼各拉女校`).
    let organisation = ORG_SUFFIXES.iter().any(|o| name.ends_with(o))
        && !name.contains(['于', '在', '到', '从', '了']);
    let sure = cut > 0 || count <= 4 || name.contains('·') || organisation;
    ((2..=12).contains(&count) && sure).then_some(name)
}

/// Role then name: `台湾人工智能实验室创办人杜奕瑾先生` → 杜奕瑾: 台湾人工智能实验室创办人.
fn role_then_name(text: &str, chars: &[char], out: &mut Vec<Mined>) {
    // One pass over the text for all the roles, not one search per role.
    static ROLE_TABLE: Fragments = Fragments::new(ROLES);
    for role in ROLE_TABLE.contained_in(text) {
        let mut from = 0;
        while let Some(at) = find(chars, from, role) {
            let role_end = at + role.chars().count();
            from = role_end;
            // A name of two or three CJK characters, then a word that may follow a name.
            let name_len = [3usize, 2].into_iter().find(|&n| {
                chars.len() >= role_end + n
                    && chars[role_end..role_end + n].iter().all(|&c| is_cjk(c))
                    && AFTER_NAME.iter().any(|a| {
                        let a: Vec<char> = a.chars().collect();
                        chars[role_end + n..].starts_with(&a)
                    })
            });
            let Some(n) = name_len else { continue };
            let name = s(&chars[role_end..role_end + n]);
            // A person's name starts with a surname (`总理衙门`, `专家告知` are no names).
            if !name.starts_with(|c: char| SURNAMES.contains(c)) {
                continue;
            }
            let mut start = clause_start(chars, at);
            // The description starts after the last verb or preposition before the role:
            // `记者专程走访了我国著名飞行器设计专家` → 我国著名飞行器设计专家.
            let before: String = chars[start..at].iter().collect();
            if let Some((p, w)) = BEFORE_ROLE_DESCRIPTION
                .iter()
                .filter_map(|w| before.rfind(w).map(|p| (p, *w)))
                .max_by_key(|(p, w)| p + w.len())
            {
                start += before[..p + w.len()].chars().count();
            }
            let role_text = s(&chars[start..role_end]);
            // The role must say more than the bare word, and the name must not be a common
            // word that happens to follow (…专家认为).
            // `所` before a verb makes "what … says" (`部长本周所说`, `所称`, `所做`): it ends
            // no name.
            if role_text.chars().count() > role.chars().count() + 1
                && !AFTER_NAME.contains(&name.as_str())
                && !NOT_PERSON_NAMES.iter().any(|w| name.starts_with(w))
                && !name.ends_with('所')
            {
                out.push(Mined {
                    term: name,
                    definition: role_text,
                });
            }
        }
    }
}

/// `一家从事量化金融的中国公司“幻方量化”` → 幻方量化: 一家从事量化金融的中国公司.
fn org_quote(chars: &[char], out: &mut Vec<Mined>) {
    let mut from = 0;
    while let Some(at) = find(chars, from, "一家") {
        from = at + 2;
        let window = (at + 32).min(chars.len());
        for org in ORGS {
            let Some(p) = find(&chars[..window], at + 2, org) else {
                continue;
            };
            let org_end = p + org.chars().count();
            if chars.get(org_end) != Some(&'“') {
                continue;
            }
            let Some(close) =
                (org_end + 1..(org_end + 16).min(chars.len())).find(|&i| chars[i] == '”')
            else {
                continue;
            };
            let term = s(&chars[org_end + 1..close]);
            let definition = s(&chars[at..org_end]);
            if !definition.contains(['，', '。']) {
                out.push(Mined { term, definition });
                break;
            }
        }
    }
}

fn words_before(text: &str, end: usize) -> Vec<&str> {
    let (start, _) = clause_before(text, end);
    text[start..end].split_whitespace().collect()
}

/// The clause that ends at `end`: its start, and the mark that opens it (`None` at the start of
/// the text).
fn clause_before(text: &str, end: usize) -> (usize, Option<char>) {
    let mut from = end.saturating_sub(LOOKBACK * 3);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let clause = &text[from..end];
    match clause.rfind(['.', ',', ';', ':', '(', '"', '“', '”', '—', '\n', '!', '?']) {
        Some(i) => {
            let mark = clause[i..].chars().next().unwrap_or('.');
            (from + i + mark.len_utf8(), Some(mark))
        }
        None if from == 0 => (0, None),
        None => (from, Some(' ')),
    }
}

/// The paragraph reads as English: more English function words than German, French or
/// Spanish ones, and enough of them.
fn looks_english(text: &str) -> bool {
    // Words lower-cased in a buffer (ASCII, the common case) rather than in a new string
    // each: this runs on every paragraph with a comma.
    // Sets built once, hashed with FNV-1a (SipHash costs more than the words are long).
    type Set = HashSet<&'static str, std::hash::BuildHasherDefault<Fnv>>;
    static SETS: std::sync::OnceLock<(Set, Set, usize)> = std::sync::OnceLock::new();
    let (english, other_latin, longest) = SETS.get_or_init(|| {
        let longest = ENGLISH_WORDS
            .iter()
            .chain(OTHER_LATIN_WORDS)
            .map(|w| w.len())
            .max()
            .unwrap_or(0);
        (
            ENGLISH_WORDS.iter().copied().collect(),
            OTHER_LATIN_WORDS.iter().copied().collect(),
            longest,
        )
    });
    let (mut en, mut other, mut words) = (0usize, 0usize, 0usize);
    let mut buf = String::new();
    for w in prefix(text, 4000).split(|c: char| !c.is_alphabetic() && c != '\'') {
        if w.is_empty() {
            continue;
        }
        words += 1;
        if w.len() > *longest * 2 {
            continue; // in neither list
        }
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(w.chars().flat_map(char::to_lowercase));
        }
        en += usize::from(english.contains(buf.as_str()));
        other += usize::from(other_latin.contains(buf.as_str()));
    }
    en > 2 * other && (en >= 2 || other == 0) && en * 20 >= words
}

/// FNV-1a: a fast hash for short keys (the word lists' words), not for untrusted maps.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Whether the period at byte `i` ends a sentence: not inside an abbreviation (`U.S.`,
/// `Mr.`, `Inc.`), a number (`5.5`) or an initial (`John F. Kennedy`).
fn is_period_end(text: &str, i: usize) -> bool {
    let after = text[i + 1..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric()) {
        return false; // U.S, 5.5, example.com
    }
    let mut floor = i.saturating_sub(64);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let word_start = text[floor..i]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(floor, |p| {
            floor + p + text[floor + p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..i];
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false; // U.S., e.g.
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false; // an initial
    }
    !ABBREVIATIONS.contains(&word)
}

/// The end of the sentence that runs from `from`: `.`, `!`, `?` or `;` (a period only where
/// [`is_period_end`] says so), or the end of the text.
fn sentence_end(text: &str, from: usize) -> usize {
    // No further than a definition can reach: a megabyte without a full stop stays linear.
    let limit = prefix(&text[from..], MAX_DEFINITION * 8).len();
    text[from..from + limit]
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '!' | '?' | ';' | '\n') || (c == '.' && is_period_end(text, from + i))
        })
        .map_or(from + limit, |(i, _)| from + i)
}

/// The comma that closes an apposition starting at `from`, before the sentence ends; commas
/// inside a name (`the Council on Energy, Environment and Water`) do not close it.
fn apposition_end(text: &str, from: usize) -> Option<usize> {
    let end = sentence_end(text, from).min(from + prefix(&text[from..], MAX_DEFINITION * 4).len());
    let mut at = from;
    while let Some(p) = text[at..end].find(',') {
        let comma = at + p;
        at = comma + 1;
        let before_cap = text[from..comma]
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
        let next = text[comma + 1..end]
            .find([',', ';'])
            .map_or(end, |q| comma + 1 + q);
        let words: Vec<&str> = text[comma + 1..next].split_whitespace().collect();
        let inside_name = before_cap
            && words.contains(&"and")
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    || matches!(*w, "and" | "of" | "for" | "the" | "on" | "&")
            });
        if !inside_name {
            return Some(comma);
        }
    }
    None
}

fn is_name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’' | '&' | '·'))
}

/// Inside a quotation that is still open at byte `at` of the sentence (`"Hey Twitter, the
/// whole point…"`): a vocative or a quoted remark, not the writer's definition.
fn in_open_quote(text: &str, at: usize) -> bool {
    let mut floor = at.saturating_sub(LOOKBACK * 8);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let start = text[floor..at]
        .rfind(['.', '!', '?', '\n'])
        .map_or(floor, |p| floor + p + 1);
    let before = &text[start..at];
    let straight = before.matches('"').count();
    straight % 2 == 1 || before.matches('“').count() > before.matches('”').count()
}

/// An apposition is a noun phrase that says something (not only another name: `the Upper
/// Skagit Indian Tribe` is the next item of a list), and no clause (`the 46140 has…`) unless
/// inside a relative clause (`the former UBS trader who was convicted…`).
fn is_noun_phrase(definition: &str) -> bool {
    let words: Vec<&str> = definition.split_whitespace().collect();
    if !(2..=18).contains(&words.len()) || definition.contains(['"', '“', '”', '(', ')']) {
        return false;
    }
    let says_something = words[1..].iter().any(|w| {
        w.starts_with(|c: char| c.is_lowercase())
            && !matches!(*w, "of" | "and" | "the" | "for" | "on" | "in" | "de")
    });
    let mut relative = false;
    let mut prev = String::new();
    for w in &words {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase();
        if matches!(
            w.as_str(),
            "who" | "which" | "that" | "whose" | "whom" | "where"
        ) {
            relative = true;
        } else if !relative && CLAUSE_VERBS.contains(&w.as_str()) {
            return false;
        }
        // A past tense right after a noun: `the scrivener remained standing…` is a clause
        // (`from acclaimed director`, `now called`, `a newly created` are not).
        if !relative
            && w.len() > 4
            && w.ends_with("ed")
            && !w.contains('-')
            && !prev.is_empty()
            && !prev.ends_with("ly")
            && !matches!(
                prev.as_str(),
                "a" | "an"
                    | "the"
                    | "from"
                    | "by"
                    | "of"
                    | "in"
                    | "on"
                    | "at"
                    | "for"
                    | "with"
                    | "to"
                    | "and"
                    | "or"
                    | "now"
                    | "also"
                    | "once"
                    | "well"
                    | "most"
                    | "more"
                    | "less"
                    | "best"
                    | "long"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "our"
            )
        {
            return false;
        }
        prev = w;
    }
    says_something
}

/// `Long Name (ACRONYM)`, and in English `X, a/an/the Y,`.
fn english_appositions(text: &str, english: bool, out: &mut Vec<Mined>) {
    // Long Name (ACRONYM): the acronym's letters are the initials of the words before it.
    let mut from = 0;
    while let Some(p) = text[from..].find('(') {
        let open = from + p;
        from = open + 1;
        let Some(len) = prefix(&text[open + 1..], 12).find(')') else {
            continue; // no acronym closes within reach
        };
        let acronym = &text[open + 1..open + 1 + len];
        if !(2..=8).contains(&acronym.len())
            || !acronym.chars().all(|c| c.is_ascii_alphanumeric())
            || acronym.chars().filter(|c| c.is_ascii_uppercase()).count() < 2
        {
            continue;
        }
        let words = words_before(text, open);
        if let Some(long) = expansion(&words, acronym) {
            out.push(Mined {
                term: acronym.to_string(),
                definition: long,
            });
        }
    }
    if !english {
        return;
    }
    // X, a/an/the Y, — a capitalised name opening its clause (or after `said`, `by`), then a
    // noun phrase up to the comma that closes it; not in a list, a quotation or after an
    // introductory phrase.
    for article in [", a ", ", an ", ", the "] {
        let mut from = 0;
        while let Some(p) = text[from..].find(article) {
            let at = from + p;
            from = at + article.len();
            if let Some(m) = apposition_at(text, at) {
                out.push(m);
            }
        }
    }
}

/// The apposition whose comma is at byte `at`, if it is one for sure.
fn apposition_at(text: &str, at: usize) -> Option<Mined> {
    let (clause_start, mark) = clause_before(text, at);
    let words: Vec<&str> = text[clause_start..at].split_whitespace().collect();
    let name_len = words.iter().rev().take_while(|w| is_name_word(w)).count();
    if name_len == 0 || name_len > 5 {
        return None;
    }
    let (lead, mut name) = words.split_at(words.len() - name_len);
    // `The Ford F-150, the top-selling…`: the article is not part of the name.
    if name.len() > 1 && matches!(name[0], "The" | "A" | "An") {
        name = &name[1..];
    }
    // Only `said X,` / `by X,` may come before the name in its clause.
    if !lead.is_empty()
        && (lead.len() > 2 || !lead.last().is_some_and(|w| BEFORE_APPOSED_NAME.contains(w)))
    {
        return None;
    }
    let first = name[0].trim_end_matches(['.', '\'', '’']);
    if NOT_NAMES.contains(&first) || NOT_NAME_OPENERS.contains(&first) {
        return None;
    }
    // A sentence-opening adverb: `Luckily, the …`, `Famously, the …`.
    if name.len() == 1 && lead.is_empty() && first.ends_with("ly") {
        return None;
    }
    let name_start = text[clause_start..at]
        .find(name[0])
        .map_or(clause_start, |p| clause_start + p);
    if in_open_quote(text, name_start) {
        return None;
    }
    // A list: `Tights, a long-sleeve dress, and a warm cape`; `A, B, the C, D`.
    let close = apposition_end(text, at + 2)?;
    let after: Vec<&str> = text[close + 1..sentence_end(text, close + 1)]
        .split_whitespace()
        .collect();
    if after
        .first()
        .is_some_and(|w| matches!(*w, "and" | "or" | "&" | "nor" | "plus" | "etc."))
    {
        return None;
    }
    let next_segment = prefix(&text[close + 1..], 200)
        .split([',', '.', ';'])
        .next()
        .unwrap_or("");
    let next_words: Vec<&str> = next_segment.split_whitespace().collect();
    // …or a series of adjectives: `Golem, a global, open-source, decentralized supercomputer`.
    let next_is_item = text[close + 1 + next_segment.len()..].starts_with(',');
    if next_is_item
        && (next_words.len() <= 1
            || (next_words.len() <= 3 && next_words.iter().all(|w| is_name_word(w))))
    {
        return None;
    }
    if mark == Some(',') {
        let before = &text[..clause_start - 1];
        let (prev_start, _) = clause_before(before, before.len());
        let prev: Vec<&str> = before[prev_start..].split_whitespace().collect();
        let intro = prev.first().is_some_and(|w| {
            NOT_NAMES.contains(w)
                || NOT_NAME_OPENERS.contains(w)
                || w.chars().next().is_some_and(char::is_lowercase)
        });
        if !intro && prev.len() <= 3 && prev.iter().all(|w| is_name_word(w)) {
            return None;
        }
    }
    let definition = text[at + 2..close].trim();
    is_noun_phrase(definition).then(|| Mined {
        term: name.join(" "),
        definition: definition.to_string(),
    })
}

/// The words that spell `acronym` by their initials (hyphenated parts count: mixture-of-experts
/// → MoE), if the last few words do.
fn expansion(words: &[&str], acronym: &str) -> Option<String> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let function = |w: &str| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "of" | "and" | "the" | "for" | "on" | "in" | "to" | "a" | "an" | "or" | "with"
        )
    };
    for take in 1..=words.len().min(letters.len() + 3) {
        let chosen = &words[words.len() - take..];
        let parts: Vec<&str> = chosen
            .iter()
            .flat_map(|w| w.split('-'))
            .filter(|p| !p.is_empty())
            .collect();
        let significant: Vec<char> = parts
            .iter()
            .filter(|p| !function(p))
            .filter_map(|p| p.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let all: Vec<char> = parts
            .iter()
            .filter_map(|p| p.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        // The long form starts with a word of its own (`and Marine Operations (AMO)` is the
        // tail of `Air and Marine Operations`).
        if (significant == letters || all == letters)
            && chosen.first().is_some_and(|w| !function(w))
        {
            return Some(chosen.join(" "));
        }
    }
    None
}

/// `X, which is/means Y`, `X refers to Y`, `X is defined as Y`, where X is a short noun phrase
/// that opens its sentence (after `The term`), not a generic noun standing for something named
/// before (`The company, which is expected to…`), and Y a noun phrase (`a/an/the …`) or, after
/// `means`/`refers to`, a gerund.
fn english_refers(text: &str, out: &mut Vec<Mined>) {
    for link in DEFINING_LINKS {
        let mut from = 0;
        while let Some(p) = text[from..].find(link) {
            let at = from + p;
            from = at + link.len();
            let (start, mark) = clause_before(text, at);
            // X opens its sentence.
            // (Not after a closing quotation mark: `the "Arduino" trademark, which is…`.)
            if !matches!(mark, None | Some('.' | '!' | '?' | '\n' | '“')) {
                continue;
            }
            if in_open_quote(text, start) {
                continue;
            }
            let mut words: Vec<&str> = text[start..at].split_whitespace().collect();
            let mut definite = false;
            if words
                .first()
                .is_some_and(|w| matches!(*w, "The" | "the" | "A" | "An"))
            {
                definite = matches!(words[0], "The" | "the");
                words.remove(0);
            }
            let mut named_term = false;
            if words.first() == Some(&"term") {
                words.remove(0);
                named_term = true;
            }
            if words.is_empty()
                || words.len() > 4
                || words.iter().any(|w| {
                    let w = w.to_lowercase();
                    matches!(
                        w.as_str(),
                        "it" | "this"
                            | "that"
                            | "these"
                            | "those"
                            | "he"
                            | "she"
                            | "they"
                            | "we"
                            | "i"
                            | "you"
                            | "or"
                            | "but"
                            | "which"
                            | "who"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "our"
                            | "my"
                    ) || CLAUSE_VERBS.contains(&w.as_str())
                        || NOT_NAME_OPENERS.contains(&w.as_str())
                })
                || NOT_NAME_OPENERS.contains(&words[0])
                || NOT_NAMES.contains(&words[0])
                || words[0].ends_with("ly")
            {
                continue;
            }
            let head = words.last().map_or(String::new(), |w| w.to_lowercase());
            // `The company, which…`: a generic noun, or `the` + one common noun, points back.
            if !named_term
                && (GENERIC_NOUNS.contains(&head.as_str())
                    || (definite
                        && words.len() == 1
                        && words[0].starts_with(|c: char| c.is_lowercase())))
            {
                continue;
            }
            let def_start = at + link.len();
            let mut end = sentence_end(text, def_start).min(def_start + MAX_DEFINITION * 4);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if link.starts_with(',') {
                end = text[def_start..end]
                    .find(',')
                    .map_or(end, |c| def_start + c);
            }
            let definition = text[def_start..end].trim();
            let first = definition.split_whitespace().next().unwrap_or("");
            let gerund_ok = !link.contains("which is") && first.ends_with("ing");
            // A noun phrase: an article, a number or quantifier (`one hundredth of…`), or
            // after `means`/`refers to` a gerund.
            let quantity = matches!(
                first,
                "one" | "two" | "three" | "each" | "every" | "any" | "all" | "some"
            ) || first.starts_with(|c: char| c.is_ascii_digit());
            if !(matches!(first, "a" | "an" | "the") || gerund_ok || quantity)
                || definition.split_whitespace().count() < 3
                || definition.contains(['"', '“', '”'])
            {
                continue;
            }
            let term = strip_quotes(&words.join(" "));
            if term.chars().any(char::is_alphabetic) {
                out.push(Mined {
                    term,
                    definition: definition.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The reach of an apposition is cut at a character boundary: CJK text after an English
    /// name and a comma (found by the property test with another seed) panicked here.
    #[test]
    fn apposition_reach_ends_on_a_character_boundary() {
        for pad in 0..3 {
            let text = format!("Jane Doe,{} {}", " ".repeat(pad), "这".repeat(400));
            let _ = super::apposition_end(&text, 0);
        }
    }

    use super::*;

    /// A fixture case's expected definitions, as (term, definition).
    fn expected_pairs(case: &serde_json::Value) -> Vec<(String, String)> {
        case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["term"].as_str().unwrap().to_string(),
                    e["definition"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        mine(text)
            .into_iter()
            .map(|m| (m.term, m.definition))
            .collect()
    }

    #[test]
    fn seed_patterns() {
        assert_eq!(
            pairs("所谓“模型蒸馏”是指开发者使用更强大的模型输出的结果来训练小模型，从而以更低的成本取得更高性能。OpenAI已经发表声明。"),
            [("模型蒸馏".to_string(), "开发者使用更强大的模型输出的结果来训练小模型，从而以更低的成本取得更高性能".to_string())]
        );
        let p = pairs("包括Open AI首席执行官萨姆·奥尔特曼(Sam Altman)、甲骨文(Oracle)董事长拉里·埃里森(Larry Ellison)和软银(SoftBank)首席执行官孙正义(Masayoshi Son)，宣布");
        for (t, d) in [
            ("萨姆·奥尔特曼", "Sam Altman"),
            ("甲骨文", "Oracle"),
            ("拉里·埃里森", "Larry Ellison"),
            ("软银", "SoftBank"),
            ("孙正义", "Masayoshi Son"),
        ] {
            assert!(p.contains(&(t.to_string(), d.to_string())), "{t}: {p:?}");
        }
        assert!(pairs(
            "为此，《纵深视角》专访人工智能专家，台湾人工智能实验室创办人杜奕瑾先生，详解"
        )
        .contains(&("杜奕瑾".into(), "台湾人工智能实验室创办人".into())));
        assert!(
            pairs("DeepSeek托生于一家从事量化金融的中国公司“幻方量化”。")
                .contains(&("幻方量化".into(), "一家从事量化金融的中国公司".into()))
        );
    }

    /// Found by the fuzz harness: `…部长本周所说所做…` ("what the minister said and did this
    /// week") gave 本周所 → 内容是关于部长, the role-then-name pattern taking `本周所` for a
    /// name because `说` may follow one.
    #[test]
    fn what_a_minister_said_is_not_a_name() {
        let text = "一段足够长的文章正文，用来让引擎把它当作文章来读，内容是关于部长本周所说所做的事情，以及各方的反应。";
        assert_eq!(pairs(text), []);
        assert_eq!(pairs("这是部长所说的话，也是部长今天所做的事。"), []);
        // A name after the role still counts; the description starts after `关于`.
        assert_eq!(
            pairs("内容是关于外交部长王小明说的话。"),
            [("王小明".to_string(), "外交部长".to_string())]
        );
    }

    /// Both fixture sets (`definitions.json`, and `definitions-traps.json`: true definitions
    /// with apostrophes, middle dots, abbreviations and commas inside names, and traps:
    /// generic nouns, vocatives, introductory phrases, lists, clauses, other languages):
    /// precision and recall over whole (term, definition) pairs, printed; no trap may yield
    /// anything and every true definition must be found whole.
    #[test]
    fn fixture_precision_and_recall() {
        let mut cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/fixtures/definitions.json")).unwrap();
        let traps: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/fixtures/definitions-traps.json"))
                .unwrap();
        let new_cases = traps.len();
        cases.extend(traps);
        let (mut found, mut correct, mut expected, mut hit) = (0, 0, 0, 0);
        let (mut trap_cases, mut trap_hits) = (0, Vec::new());
        let mut misses = Vec::new();
        for case in &cases {
            let text = case["text"].as_str().unwrap();
            let expect = expected_pairs(case);
            let got = pairs(text);
            found += got.len();
            correct += got.iter().filter(|g| expect.contains(g)).count();
            expected += expect.len();
            hit += expect.iter().filter(|e| got.contains(e)).count();
            if expect.is_empty() {
                trap_cases += 1;
                if !got.is_empty() {
                    trap_hits.push(format!("{text}\n    got {got:?}"));
                }
            }
            for e in expect.iter().filter(|e| !got.contains(e)) {
                misses.push(format!("{text}\n    missed {e:?}, got {got:?}"));
            }
        }
        let precision = correct as f64 / found.max(1) as f64;
        let recall = hit as f64 / expected.max(1) as f64;
        println!(
            "definition fixtures: {} sentences ({new_cases} in definitions-traps.json), {} true \
             definitions, {trap_cases} traps; found {found}, correct {correct}: precision \
             {precision:.3}, recall {recall:.3}; traps with a definition: {}",
            cases.len(),
            expected,
            trap_hits.len()
        );
        assert!(new_cases >= 40 && trap_cases * 2 >= new_cases);
        assert!(
            trap_hits.is_empty(),
            "traps defined:\n{}",
            trap_hits.join("\n")
        );
        assert!(misses.is_empty(), "missed:\n{}", misses.join("\n"));
        assert_eq!(correct, found);
    }

    /// `tests/fixtures/definitions.json`: sentences for every pattern, and look-alikes that
    /// must yield nothing. Each case must yield exactly its expected definitions.
    #[test]
    fn fixture_sentences() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/fixtures/definitions.json")).unwrap();
        let mut failures = Vec::new();
        let (mut zh, mut en, mut lookalikes) = (0, 0, 0);
        for case in &cases {
            let text = case["text"].as_str().unwrap();
            let expect = expected_pairs(case);
            match (case["lang"].as_str(), expect.is_empty()) {
                (_, true) => lookalikes += 1,
                (Some("zh"), false) => zh += 1,
                _ => en += 1,
            }
            let got = pairs(text);
            if got != expect {
                failures.push(format!(
                    "{} {text}\n    expected {expect:?}\n    got      {got:?}",
                    case["pattern"]
                ));
            }
        }
        assert!(
            zh >= 20 && en >= 20 && lookalikes >= 10,
            "{zh} zh, {en} en, {lookalikes} look-alikes"
        );
        assert!(
            failures.is_empty(),
            "{} of {} cases fail:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }
}
