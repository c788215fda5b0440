//! Annotations: glossary tooltips on terms (definitions the article gives first, then the
//! reader's glossary and the packs) and the section outline.

mod define;
pub(crate) mod glossary;
mod outline;

use crate::article::Article;
use crate::page::{is_cjk, Ix, Page};
use crate::plan::Planned;
use crate::schema::Action;
use crate::schema::{Annotation, OutlineEntry};

use crate::rules::tags::{INLINE_TEXT, NO_ANNOTATION};
pub(crate) use glossary::Glossary;
#[cfg(feature = "bundled-packs")]
pub(crate) use glossary::PACKS;
use glossary::{Definition, Entry, Level, Source, TermMatch};
pub(crate) use outline::Section;

/// At most this many annotations in one paragraph.
const MAX_PER_PARAGRAPH: usize = 4;
/// At most this many annotations in each 1,000 characters of article text (a CJK character
/// counts as two: it says about as much as a short English word), counted from the start:
/// about one per 35 English words, one per 100 Chinese characters.
const MAX_PER_1000_CHARS: usize = 5;

/// What the annotation step adds to the plan.
pub(crate) struct Annotated {
    pub planned: Vec<Planned>,
    pub sections: Vec<Section>,
    pub annotations: Vec<Annotation>,
}

/// A term occurrence that may be annotated.
struct Candidate {
    text_node: Ix,
    block: Ix,
    start: usize,
    end: usize,
    /// 0: defined by the page; 1: the reader's term; 2: specialist, 3: general, 4: everyday
    /// pack terms.
    priority: u8,
    entry: u32,
    /// Where in the article text it is, in weighted characters (see [`MAX_PER_1000_CHARS`]).
    offset: usize,
}

pub(crate) fn annotate(
    page: &Page,
    article: &Article,
    glossary: Option<&Glossary>,
    chinese: bool,
    gone: &dyn Fn(Ix) -> bool,
) -> Annotated {
    let sections = outline::sections(page, article, gone);
    let Some(glossary) = glossary else {
        return Annotated {
            planned: Vec::new(),
            sections,
            annotations: Vec::new(),
        };
    };

    // Text nodes of the article that may carry annotations, with their paragraph; and each
    // paragraph's text as the miner reads it: with the text of links and other inline
    // elements that carry no annotation, and a line break for anything else left out (a
    // heading, a hidden or removed element), so that no pattern reads across it.
    let mut texts: Vec<(Ix, Ix)> = Vec::new();
    let mut block_texts: Vec<(Ix, String)> = Vec::new();
    let mut block_slot: std::collections::HashMap<Ix, usize> = Default::default();
    let mut mining_text = |block: Ix, text: &str| {
        let slot = *block_slot.entry(block).or_insert_with(|| {
            block_texts.push((block, String::new()));
            block_texts.len() - 1
        });
        block_texts[slot].1.push_str(text);
    };
    for &root in &article.roots {
        let end = page.info(root).end;
        let mut ix = root;
        let mut blocks: Vec<Ix> = Vec::new();
        while ix <= end {
            let info = page.info(ix);
            while blocks.last().is_some_and(|&b| !page.contains(b, ix)) {
                blocks.pop();
            }
            let block = blocks.last().copied().unwrap_or(root);
            if info.is_element
                && (NO_ANNOTATION.contains(&page.tag(ix))
                    || !info.visible
                    || gone(ix)
                    || is_annotation(page, ix))
            {
                let inline = info.visible
                    && !info.is_block
                    && !gone(ix)
                    && (INLINE_TEXT.contains(&page.tag(ix)) || is_annotation(page, ix));
                if inline {
                    mining_text(block, &page.visible_text(ix).replace('\n', " "));
                } else {
                    mining_text(block, "\n");
                }
                ix = info.end + 1;
                continue;
            }
            if info.is_block {
                blocks.push(ix);
            } else if !info.is_element && info.text > 0 {
                texts.push((ix, block));
                if let Some(text) = page.node(ix).value().as_text() {
                    mining_text(block, text);
                }
            }
            ix += 1;
        }
    }

    // Definitions the article gives, paragraph by paragraph, become the page's glossary.
    let mut mined_entries = Vec::new();
    let mut mined_names = Vec::new();
    for (_, text) in &block_texts {
        for m in define::mine(text) {
            let id = mined_entries.len() as u32;
            mined_entries.push(Entry {
                definition: Definition::Text(m.definition),
                source: Source::Page,
                level: None,
            });
            mined_names.push((m.term, id));
        }
    }
    // A pack entry for a term the page defines is the same concept: the page's definition wins
    // everywhere (模型蒸馏 defined by the article; the pack's 蒸馏 stays quiet).
    let claimed: std::collections::HashSet<u32> = mined_names
        .iter()
        .flat_map(|(term, _)| {
            glossary
                .find(term)
                .into_iter()
                .filter(move |m| m.start == 0 && m.end == term.len())
        })
        .map(|m| m.entry)
        .collect();
    let page_glossary = Glossary::new(mined_entries, mined_names);

    // Every occurrence, the page's terms first; a pack term overlapping a page term yields.
    let mut cands: Vec<Candidate> = Vec::new();
    let weighted = |text: &str| -> usize { text.chars().map(|c| 1 + usize::from(is_cjk(c))).sum() };
    let mut offset = 0usize;
    for &(t, block) in &texts {
        let Some(text) = page.node(t).value().as_text() else {
            continue;
        };
        let own: Vec<TermMatch> = page_glossary.find(text);
        // Matches come in text order: each list's offsets are counted with one cursor, not
        // from the start of the text for every match (a 20 MB text node holds many).
        let cursor = std::cell::Cell::new((0usize, offset));
        let candidate = |m: &TermMatch, priority: u8| {
            let (pos, weight) = cursor.get();
            let weight = weight + weighted(&text[pos..m.start]);
            cursor.set((m.start, weight));
            Candidate {
                text_node: t,
                block,
                start: m.start,
                end: m.end,
                priority,
                entry: m.entry,
                offset: weight,
            }
        };
        cands.extend(own.iter().map(|m| candidate(m, 0)));
        cursor.set((0, offset));
        let mut page_terms = Overlaps::new(&own);
        for m in glossary.find(text) {
            if claimed.contains(&m.entry) || page_terms.overlaps(&m) {
                continue;
            }
            // A pack term the reader's `explain` level leaves out stays quiet (it still took
            // its place in the text, so no shorter term inside it is explained instead).
            let priority = match glossary.entries[m.entry as usize].level_for(chinese) {
                None => 1,
                Some(level) if !level.explained(glossary.explain) => continue,
                Some(Level::Specialist) => 2,
                Some(Level::General) => 3,
                Some(Level::Everyday) => 4,
            };
            cands.push(candidate(&m, priority));
        }
        offset += weighted(text);
    }

    // Choose: page definitions first, then the reader's terms, then specialist, general and
    // everyday pack terms, each in document order; once per term in the article; at most four
    // a paragraph and five in each 1,000 characters of text.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (cands[i].priority, cands[i].text_node, cands[i].start));
    let mut used_terms: std::collections::HashSet<(bool, u32)> = Default::default();
    let mut used_text: std::collections::HashSet<String> = Default::default();
    let mut per_block: std::collections::HashMap<Ix, usize> = Default::default();
    let mut per_stretch: std::collections::HashMap<usize, usize> = Default::default();
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        let c = &cands[i];
        let text = page
            .node(c.text_node)
            .value()
            .as_text()
            .map_or("", |t| &t[c.start..c.end]);
        let in_block = per_block.get(&c.block).copied().unwrap_or(0);
        let stretch = c.offset / 1000;
        let in_stretch = per_stretch.get(&stretch).copied().unwrap_or(0);
        let key = (c.priority == 0, c.entry);
        if in_block >= MAX_PER_PARAGRAPH
            || in_stretch >= MAX_PER_1000_CHARS
            || used_terms.contains(&key)
            || used_text.contains(&text.to_lowercase())
        {
            continue;
        }
        used_terms.insert(key);
        used_text.insert(text.to_lowercase());
        per_block.insert(c.block, in_block + 1);
        per_stretch.insert(stretch, in_stretch + 1);
        chosen.push(i);
    }
    chosen.sort_by_key(|&i| (cands[i].text_node, cands[i].start));

    let mut planned = Vec::new();
    let mut annotations: Vec<Annotation> = Vec::new();
    for i in chosen {
        let c = &cands[i];
        let node = page.node(c.text_node);
        let text = node.value().as_text().map_or("", |t| &**t);
        let entry = if c.priority == 0 {
            &page_glossary.entries[c.entry as usize]
        } else {
            &glossary.entries[c.entry as usize]
        };
        let term = text[c.start..c.end].to_string();
        let definition = entry.definition_for(chinese).to_string();
        let source = entry.source.label();
        let parent = page.info(c.text_node).parent;
        let text_index = node.prev_siblings().count() as u32;
        let (start, end) = (utf16_len(&text[..c.start]), utf16_len(&text[..c.end]));
        let reason = match &entry.source {
            Source::Page => "term explained with the article's own definition".to_string(),
            Source::Pack(name) => format!("term explained from the {name} glossary pack"),
            Source::User => "term explained from your glossary".to_string(),
        };
        if !annotations.iter().any(|a| a.term == term) {
            annotations.push(Annotation {
                term: term.clone(),
                definition: definition.clone(),
                source: source.clone(),
            });
        }
        planned.push(Planned {
            ix: parent,
            priority: 6,
            order: c.start as u32,
            rule: format!("annotate.{}", source.split(':').next().unwrap_or("pack")),
            reason,
            action: Action::Annotate {
                text_index,
                start,
                end,
                term,
                definition,
                source,
            },
        });
    }
    Annotated {
        planned,
        sections,
        annotations,
    }
}

/// Whether matches overlap any of a text's page-term matches, asked in document order. Both
/// lists come from leftmost-longest automata (sorted, non-overlapping): one cursor walks the
/// page terms once for the whole text, where testing every page term for every match took
/// quadratic time on a long text full of both.
struct Overlaps<'a> {
    sorted: &'a [TermMatch],
    /// Page terms before this one end before every match still to come.
    next: usize,
    /// Page terms looked at, all calls together: the test that keeps this linear counts them.
    #[cfg(test)]
    looked_at: usize,
}

impl<'a> Overlaps<'a> {
    fn new(sorted: &'a [TermMatch]) -> Self {
        debug_assert!(sorted.windows(2).all(|w| w[0].end <= w[1].start));
        Overlaps {
            sorted,
            next: 0,
            #[cfg(test)]
            looked_at: 0,
        }
    }

    /// `m` overlaps a page term; `m` starts at or after every match asked about before.
    fn overlaps(&mut self, m: &TermMatch) -> bool {
        while let Some(o) = self.sorted.get(self.next) {
            #[cfg(test)]
            {
                self.looked_at += 1;
            }
            if o.end > m.start {
                // The first page term that ends after `m` starts: the only one that can
                // overlap it (the next ones start after this one ends).
                return o.start < m.end;
            }
            self.next += 1;
        }
        false
    }
}

/// Already an annotation (ours from an earlier clean, or the site's own tooltip term).
fn is_annotation(page: &Page, ix: Ix) -> bool {
    page.attr(ix, "class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == "newslens-term"))
}

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// The outline as reported: ids, levels, titles, reading time of each section, targets.
pub(crate) fn outline_entries(
    page: &Page,
    article: &Article,
    sections: &[Section],
) -> Vec<OutlineEntry> {
    if sections.is_empty() {
        return Vec::new();
    }
    // Reading time per section: the article's visible text between one heading and the next.
    let mut cjk = vec![0usize; sections.len()];
    let mut words = vec![0usize; sections.len()];
    // Sections are in document order: the one a text is in is found by a binary search (a
    // page of thousands of headings has thousands of texts).
    debug_assert!(sections.windows(2).all(|w| w[0].ix < w[1].ix));
    for &root in &article.roots {
        for ix in root..=page.info(root).end {
            let info = page.info(ix);
            if info.is_element || !info.visible || info.text == 0 {
                continue;
            }
            let Some(s) = sections.partition_point(|s| s.ix < ix).checked_sub(1) else {
                continue;
            };
            let text = page.node(ix).value().as_text().map_or("", |t| &**t);
            cjk[s] += text.chars().filter(|&c| is_cjk(c)).count();
            words[s] += text
                .split(|c: char| c.is_whitespace() || is_cjk(c))
                .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
                .count();
        }
    }
    let titles: Vec<String> = sections.iter().map(|s| s.title.clone()).collect();
    outline::ids(&titles)
        .into_iter()
        .zip(sections)
        .enumerate()
        .map(|(i, (id, s))| OutlineEntry {
            id,
            level: s.level,
            title: s.title.clone(),
            minutes: ((cjk[i] as f32 / 400.0 + words[i] as f32 / 230.0).ceil() as u32).max(1),
            target: page.target(s.ix),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: usize, end: usize) -> TermMatch {
        TermMatch {
            entry: 0,
            start,
            end,
        }
    }

    #[test]
    fn overlaps_agree_with_a_pairwise_check() {
        let own = [at(2, 5), at(5, 7), at(10, 14), at(20, 21)];
        let mut all = Vec::new();
        for start in 0..24 {
            for end in start + 1..26 {
                all.push(at(start, end));
            }
        }
        // Asked in the order a leftmost-longest automaton yields them: by start.
        for m in &all {
            let mut walk = Overlaps::new(&own);
            let want = own.iter().any(|o| o.start < m.end && m.start < o.end);
            assert_eq!(walk.overlaps(m), want, "{}..{}", m.start, m.end);
        }
        let non_overlapping: Vec<TermMatch> = (0..12).map(|i| at(2 * i, 2 * i + 1)).collect();
        let mut walk = Overlaps::new(&own);
        let got: Vec<bool> = non_overlapping.iter().map(|m| walk.overlaps(m)).collect();
        let want: Vec<bool> = non_overlapping
            .iter()
            .map(|m| own.iter().any(|o| o.start < m.end && m.start < o.end))
            .collect();
        assert_eq!(got, want);
    }

    /// Found by the hostile tests: 20 MB of CJK text full of the page's own definitions and
    /// pack terms took 47 s, every pack match testing every page-term match. The work is
    /// counted, not timed: each page term is looked at about once whatever the text's length.
    #[test]
    fn overlap_checks_stay_linear() {
        let n = 100_000;
        let own: Vec<TermMatch> = (0..n).map(|i| at(10 * i, 10 * i + 4)).collect();
        let pack: Vec<TermMatch> = (0..n).map(|i| at(10 * i + 5, 10 * i + 8)).collect();
        let mut walk = Overlaps::new(&own);
        assert!(pack.iter().all(|m| !walk.overlaps(m)));
        assert!(
            walk.looked_at <= own.len() + pack.len(),
            "{}",
            walk.looked_at
        );
    }
}
