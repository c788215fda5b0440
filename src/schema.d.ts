// TypeScript definitions of what crosses the wasm boundary: the engine's options and the
// schema of `src/schema.rs` (camelCase JSON). Checked against the Rust types by
// `tests/schema_types.rs`: a field or an edit kind missing here fails that test.
export interface NewslensOptions {
  clean?: boolean; embeds?: boolean; glossary?: boolean; outline?: boolean;
  explain?: "specialist" | "general" | "all";
  packs?: string[] | null;
  customGlossary?: { term: string; definition: string; aliases?: string[] }[];
  rules?: string[];
  keepSiteNavigation?: boolean;
}
export interface Fingerprint { tag: string; id: string | null; class: string | null; textHash: number }
export interface Target { path: number[]; fingerprint: Fingerprint }
export interface Embed {
  provider: string; providerName: string; videoId: string | null; title: string | null;
  watchUrl: string | null; src: string | null; autoplay: boolean;
}
export type Edit = { id: number; rule: string; reason: string; text: string; target: Target } & (
  | { kind: "remove" }
  | { kind: "replaceEmbed"; embed: Embed }
  | { kind: "stripParams"; attr: string; value: string; removed: string[] }
  | { kind: "annotate"; textIndex: number; start: number; end: number; term: string; definition: string; source: string }
  | { kind: "unlockScroll"; style: string | null; class: string | null }
  | { kind: "unstick"; style: string }
);
export interface OutlineEntry { id: string; level: number; title: string; minutes: number; target: Target }
export interface Annotation { term: string; definition: string; source: string }
export interface Plan { version: number; edits: Edit[]; outline: OutlineEntry[] }
export interface ArticleStats { confidence: number; characters: number; readingMinutes: number }
export interface Stats {
  remove: number; replaceEmbed: number; annotate: number; stripParams: number;
  unlockScroll: number; unstick: number; guarded: number; elapsedMs: number;
}
/** What the host knows of the live page beyond its HTML (`Engine.analyze`'s third argument). */
export interface Hints { fixed: number[][] }
/** How many elements one of the reader's rules (`##`) or exceptions (`#@#`) matched. */
export interface RuleMatch { rule: string; matched: number }
/** A removal an exception prevented. */
export interface KeptEdit { rule: string; reason: string; text: string }
/** One of the reader's exceptions and the removals it prevented. */
export interface ExceptionKept { exception: string; edits: KeptEdit[] }
export interface Report {
  version: number; url: string | null; title: string; language: string;
  article: ArticleStats; edits: Edit[]; outline: OutlineEntry[]; annotations: Annotation[];
  stats: Stats; warnings: string[]; ruleMatches: RuleMatch[]; keptByExceptions: ExceptionKept[];
}
