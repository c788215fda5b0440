//! `newslens`: the engine on the command line.

// The command line is native; for wasm32 (where `cargo test` builds every target) it is empty.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {

    use std::io::{Read, Write};
    use std::path::PathBuf;
    use std::process::ExitCode;

    use newslens::{charset, Engine, Options, Report};

    const HELP: &str = "\
newslens: clean a news page (remove boilerplate and trackers, neutralise embedded players)

USAGE:
    newslens clean INPUT [-o OUTPUT] [--report FILE] [--url URL] [--options FILE] [--summary]
    newslens --help | --version

ARGUMENTS:
    INPUT               The page: a path, or - for standard input. Any charset a browser would
                        read (byte-order mark, <meta charset>, e.g. UTF-8, GBK, GB18030, Big5).

OPTIONS:
    -o, --output FILE   Write the cleaned page (always UTF-8) to FILE instead of standard output.
    --report FILE       Write the report (JSON) to FILE; - writes it to standard output, which is
                        only allowed together with -o.
    --url URL           The page's address: enables site-specific rules. Relative links in the
                        page stay as they are either way.
    --options FILE      Options as JSON (see README: clean, embeds, glossary, outline, packs,
                        customGlossary, rules, keepSiteNavigation, explain).
    --summary           Print what was removed, replaced and kept to standard error.
    -h, --help          Print this help.
    -V, --version       Print the version.

EXIT STATUS:
    0 success, 1 the input or options could not be read or used, 2 wrong usage.
";

    struct Args {
        input: String,
        output: Option<PathBuf>,
        report: Option<String>,
        url: Option<String>,
        options: Option<PathBuf>,
        summary: bool,
    }

    enum Failure {
        Usage(String),
        Input(String),
    }

    fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, Failure> {
        let usage = |m: String| Failure::Usage(m);
        let Some(command) = args.next() else {
            return Err(usage("missing command (try `newslens --help`)".into()));
        };
        match command.as_str() {
            "-h" | "--help" | "help" => {
                print!("{HELP}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("newslens {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "clean" => {}
            other => {
                return Err(usage(format!(
                    "unknown command `{other}` (try `newslens --help`)"
                )))
            }
        }
        let (mut input, mut output, mut report, mut url, mut options, mut summary) =
            (None, None, None, None, None, false);
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .ok_or_else(|| usage(format!("{name} needs a value")))
            };
            match arg.as_str() {
                "-o" | "--output" => output = Some(PathBuf::from(value(&arg)?)),
                "--report" => report = Some(value(&arg)?),
                "--url" => url = Some(value(&arg)?),
                "--options" => options = Some(PathBuf::from(value(&arg)?)),
                "--summary" => summary = true,
                "-h" | "--help" => {
                    print!("{HELP}");
                    return Ok(None);
                }
                s if s.starts_with('-') && s != "-" => {
                    return Err(usage(format!("unknown option `{s}`")))
                }
                s => {
                    if input.replace(s.to_string()).is_some() {
                        return Err(usage("only one INPUT is allowed".into()));
                    }
                }
            }
        }
        let input =
            input.ok_or_else(|| usage("missing INPUT (a path, or - for standard input)".into()))?;
        if report.as_deref() == Some("-") && output.is_none() {
            return Err(usage(
                "--report - writes to standard output, so the page needs -o FILE".into(),
            ));
        }
        Ok(Some(Args {
            input,
            output,
            report,
            url,
            options,
            summary,
        }))
    }

    fn run(args: Args) -> Result<(), Failure> {
        let input_err = Failure::Input;
        let options = match &args.options {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    input_err(format!("cannot read options {}: {e}", path.display()))
                })?;
                Options::from_json(&text)
                    .map_err(|e| input_err(format!("{}: {e}", path.display())))?
            }
            None => Options::default(),
        };
        let engine = Engine::new(options).map_err(|e| input_err(e.to_string()))?;
        for w in engine.warnings() {
            eprintln!("newslens: warning: {w}");
        }
        let bytes = if args.input == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| input_err(format!("cannot read standard input: {e}")))?;
            buf
        } else {
            std::fs::read(&args.input)
                .map_err(|e| input_err(format!("cannot read {}: {e}", args.input)))?
        };
        let decoded = charset::decode(&bytes);
        let analysis = engine
            .analyze(&decoded.text, args.url.as_deref())
            .map_err(|e| input_err(format!("{}: {e}", args.input)))?;
        let cleaned = analysis.render();
        let report_json =
            serde_json::to_string_pretty(analysis.report()).expect("reports serialise");

        match &args.output {
            Some(path) => std::fs::write(path, &cleaned)
                .map_err(|e| input_err(format!("cannot write {}: {e}", path.display())))?,
            None => write_stdout(cleaned.as_bytes())?,
        }
        match args.report.as_deref() {
            Some("-") => write_stdout(format!("{report_json}\n").as_bytes())?,
            Some(path) => std::fs::write(path, format!("{report_json}\n"))
                .map_err(|e| input_err(format!("cannot write {path}: {e}")))?,
            None => {}
        }
        if args.summary {
            eprint!(
                "{}",
                summary(&args.input, decoded.encoding, analysis.report())
            );
        }
        Ok(())
    }

    fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| Failure::Input(format!("cannot write standard output: {e}")))
    }

    /// A short human account of a clean.
    fn summary(input: &str, encoding: &str, r: &Report) -> String {
        let mut s = format!(
        "{input} ({encoding}, {}): \"{}\"\n  article: {} characters, {} min read, confidence {:.2}\n  \
         {} removed, {} players replaced, {} terms annotated, {} links stripped of trackers, {} scroll locks undone, {} removals refused by the article-text guard\n",
        r.language,
        r.title,
        r.article.characters,
        r.article.reading_minutes,
        r.article.confidence,
        r.stats.remove,
        r.stats.replace_embed,
        r.stats.annotate,
        r.stats.strip_params,
        r.stats.unlock_scroll,
        r.stats.guarded,
    );
        if !r.outline.is_empty() {
            s.push_str("  outline:\n");
            for o in &r.outline {
                s.push_str(&format!(
                    "    {}{} ({} min)\n",
                    "  ".repeat(o.level.saturating_sub(1) as usize),
                    o.title,
                    o.minutes
                ));
            }
        }
        if !r.annotations.is_empty() {
            s.push_str(&format!("  {} terms explained:\n", r.annotations.len()));
            for a in &r.annotations {
                let definition: String = a.definition.chars().take(50).collect();
                let more = if a.definition.chars().count() > 50 {
                    "…"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "    - {} [{}]: {definition}{more}\n",
                    a.term, a.source
                ));
            }
        }
        s.push_str("  edits:\n");
        for e in &r.edits {
            if matches!(e.action.kind(), "stripParams" | "annotate") {
                continue;
            }
            let text: String = e.text.chars().take(60).collect();
            s.push_str(&format!(
                "    - {:<12} {:<22} {}  «{}»\n",
                e.action.kind(),
                e.rule,
                e.reason,
                text
            ));
        }
        for k in &r.kept_by_exceptions {
            let n = k.edits.len();
            let plural = if n == 1 { "" } else { "s" };
            s.push_str(&format!(
                "  kept by your exception {}: {n} element{plural}\n",
                k.exception
            ));
        }
        for w in &r.warnings {
            s.push_str(&format!("  warning: {w}\n"));
        }
        s
    }

    pub fn main() -> ExitCode {
        match parse_args(std::env::args().skip(1)).and_then(|a| a.map_or(Ok(()), run)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Usage(m)) => {
                eprintln!("newslens: {m}");
                ExitCode::from(2)
            }
            Err(Failure::Input(m)) => {
                eprintln!("newslens: {m}");
                ExitCode::from(1)
            }
        }
    }
}
