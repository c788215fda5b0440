//! Definitions the article gives itself. Each pattern says what it recognises; the look-alikes
//! it must not take (bylines, agencies, years, tickers) are listed beside it.
//!
//! Chinese: `所谓“X”是指Y` / `所谓X是指Y` / `所谓X，就是Y`; `X是指Y`; `X（Y）` / `X(Y)` translations
//! and acronyms (`甲骨文(Oracle)`, `萨姆·奥尔特曼(Sam Altman)`, `Benchmark（基准）`); role then name
//! (`台湾人工智能实验室创办人杜奕瑾` → 杜奕瑾: 台湾人工智能实验室创办人); `一家…公司“X”`.
//! English: `Long Name (ACRONYM)`; `X, a/an/the Y,`; `X, which is/means Y`; `X refers to Y`.

use crate::fragments::Fragments;
use crate::page::is_cjk;
use crate::rules::annotate::{
    AFTER_NAME, CREDITS, DEFINING_LINKS, NOT_NAMES, NOT_NAME_START, NOT_PERSON_NAMES, NOT_SHI_ZHI,
    ORGS, ROLES,
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
    if text.contains('(') || text.contains(", ") {
        english_appositions(text, &mut out);
    }
    if text.contains(" refers to ") || text.contains(", which ") || text.contains(" is defined as ")
    {
        english_refers(text, &mut out);
    }
    out.retain(valid);
    let mut seen = std::collections::HashSet::new();
    out.retain(|m| seen.insert(m.term.clone()));
    out
}

fn valid(m: &Mined) -> bool {
    let term_len = m.term.chars().count();
    let def_len = m.definition.chars().count();
    (2..=40).contains(&term_len)
        && (2..=MAX_DEFINITION).contains(&def_len)
        && m.term != m.definition
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
        let term = strip_quotes(s(&chars[from..link]).trim_end_matches(['，', ',']));
        let Some(definition) = until_sentence_end(chars, link + len) else {
            continue;
        };
        if !term.is_empty() && !term.contains(['，', '。']) {
            out.push(Mined {
                term,
                definition: definition.trim_start_matches(['，', ',']).to_string(),
            });
        }
    }
}

/// The start of the clause that ends at `end`: after the last punctuation mark.
fn clause_start(chars: &[char], end: usize) -> usize {
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
                    | '“'
                    | '”'
                    | '"'
                    | '\n'
            )
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
        let start = clause_start(chars, at);
        let term = strip_quotes(&s(&chars[start..at]));
        if term.starts_with("所谓") || term.chars().count() > 12 || term.is_empty() {
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
        let term = cjk_name_before(before)?;
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
        if term.is_empty()
            || !term.chars().any(|c| c.is_ascii_alphabetic())
            || term.split_whitespace().count() > 4
            || inner.chars().count() > 12
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
fn cjk_name_before(before: &[char]) -> Option<String> {
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
    let mut at_clause_start = start == 0 || !is_cjk(before[start - 1]);
    let mut cut = 0;
    for role in ROLES {
        if let Some(p) = text.rfind(role) {
            cut = cut.max(p + role.len());
        }
    }
    let mut name: String = text[cut..].to_string();
    // "…创立的英伟达": the name follows the last 的.
    if let Some(p) = name.rfind('的') {
        name = name[p + '的'.len_utf8()..].to_string();
        at_clause_start = false;
    }
    // A conjunction or preposition is not part of the name: 和软银 → 软银.
    if name.chars().count() > 2 && name.starts_with(NOT_NAME_START) {
        name = name.chars().skip(1).collect();
    }
    // A long run that starts mid-clause is a phrase, not a name (生产离不开极紫外(EUV)).
    let count = name.chars().count();
    let cut_or_whole = cut > 0 || at_clause_start || count <= 4;
    ((2..=12).contains(&count) && cut_or_whole).then_some(name)
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
            let start = clause_start(chars, at);
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
    let mut from = end.saturating_sub(LOOKBACK * 3);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let clause = &text[from..end];
    let start = clause
        .rfind(['.', ',', ';', ':', '(', '"', '“', '—', '\n'])
        .map_or(0, |i| {
            i + clause[i..].chars().next().map_or(1, char::len_utf8)
        });
    clause[start..].split_whitespace().collect()
}

/// `Long Name (ACRONYM)`, `X, a/an/the Y,`, `X, which is/means Y`.
fn english_appositions(text: &str, out: &mut Vec<Mined>) {
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
    // X, a/an/the Y, — a capitalised name, then an apposition up to the next comma.
    for article in [", a ", ", an ", ", the "] {
        let mut from = 0;
        while let Some(p) = text[from..].find(article) {
            let at = from + p;
            from = at + article.len();
            let words = words_before(text, at);
            let name_words: Vec<&str> = words
                .iter()
                .rev()
                .take_while(|w| {
                    w.starts_with(|c: char| c.is_ascii_uppercase())
                        && w.chars()
                            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\''))
                })
                .copied()
                .collect();
            if name_words.is_empty()
                || name_words.len() > 4
                || name_words.len() != words.len() && words.len() > name_words.len() + 2
            {
                continue;
            }
            let name: Vec<&str> = name_words.into_iter().rev().collect();
            if NOT_NAMES.contains(&name[0]) {
                continue;
            }
            let rest = prefix(&text[at + 2..], MAX_DEFINITION * 4);
            let Some(end) = rest.find([',', '.', ';']) else {
                continue;
            };
            if !rest[end..].starts_with(',') {
                continue; // an apposition closes with a comma
            }
            let definition = rest[..end].trim();
            if definition.split_whitespace().count() >= 2
                && definition.split_whitespace().count() <= 18
            {
                out.push(Mined {
                    term: name.join(" "),
                    definition: definition.to_string(),
                });
            }
        }
    }
}

/// The words that spell `acronym` by their initials (hyphenated parts count: mixture-of-experts
/// → MoE), if the last few words do.
fn expansion(words: &[&str], acronym: &str) -> Option<String> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for take in 1..=words.len().min(letters.len() + 3) {
        let chosen = &words[words.len() - take..];
        let parts: Vec<&str> = chosen
            .iter()
            .flat_map(|w| w.split('-'))
            .filter(|p| !p.is_empty())
            .collect();
        let significant: Vec<char> = parts
            .iter()
            .filter(|p| {
                !matches!(
                    p.to_ascii_lowercase().as_str(),
                    "of" | "and" | "the" | "for" | "on" | "in" | "to" | "a" | "an"
                )
            })
            .filter_map(|p| p.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let all: Vec<char> = parts
            .iter()
            .filter_map(|p| p.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if (significant == letters || all == letters)
            && chosen
                .first()
                .is_some_and(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
        {
            return Some(chosen.join(" "));
        }
    }
    None
}

/// `X, which is/means Y` and `X refers to Y`, where X is a short noun phrase opening its clause.
fn english_refers(text: &str, out: &mut Vec<Mined>) {
    for link in DEFINING_LINKS {
        let mut from = 0;
        while let Some(p) = text[from..].find(link) {
            let at = from + p;
            from = at + link.len();
            let mut words = words_before(text, at);
            if words
                .first()
                .is_some_and(|w| matches!(*w, "The" | "the" | "A" | "An"))
            {
                words.remove(0);
            }
            if words.first() == Some(&"term") {
                words.remove(0);
            }
            if words.is_empty()
                || words.len() > 5
                || words.iter().any(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "it" | "this" | "that" | "he" | "she" | "they"
                    )
                })
            {
                continue;
            }
            let rest = prefix(&text[at + link.len()..], MAX_DEFINITION * 4);
            let end = rest.find(['.', ';', '!', '?']).unwrap_or(rest.len());
            let end = if link.starts_with(',') {
                rest[..end].find(',').unwrap_or(end)
            } else {
                end
            };
            let definition = rest[..end].trim();
            let term = strip_quotes(&words.join(" "));
            if definition.split_whitespace().count() >= 2 {
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
    use super::*;

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
        // A name after the role still counts.
        assert_eq!(
            pairs("内容是关于外交部长王小明说的话。"),
            [("王小明".to_string(), "内容是关于外交部长".to_string())]
        );
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
            let expect: Vec<(String, String)> = case["expect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["term"].as_str().unwrap().to_string(),
                        e["definition"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
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
