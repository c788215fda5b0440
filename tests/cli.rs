//! The `newslens` command line: arguments, exit codes, stdin/stdout, charsets.
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn newslens(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from a thread, and accept a closed pipe: a usage or input
    // error makes the CLI exit before it reads stdin, and that is a race the
    // test must not lose (CI saw EPIPE here).
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.unwrap_or_default().to_vec();
    let feeder = std::thread::spawn(move || match input.write_all(&bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("newslens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const PAGE: &str =
    "<html><body><article><p>A paragraph of the article, long enough to read as prose.</p>\
    <iframe src=\"https://www.youtube.com/embed/abc123\"></iframe>\
    <a href=\"https://e.org/x?utm_source=a&amp;id=2\">link</a></article></body></html>";

#[test]
fn help_and_version() {
    let out = newslens(&["--help"], None);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "clean",
        "--report",
        "--url",
        "--options",
        "-o",
        "EXIT STATUS",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
    assert!(newslens(&["--version"], None).status.success());
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["clean"],
        &["clean", "a.html", "b.html"],
        &["clean", "-", "--report", "-"],
        &["clean", "-", "--bogus"],
        &["clean", "-", "-o"],
    ] {
        let out = newslens(args, Some(PAGE.as_bytes()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("newslens: "), "{err}");
    }
}

#[test]
fn input_errors_exit_1() {
    let out = newslens(&["clean", "/nonexistent/page.html"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("/nonexistent/page.html"));
    assert_eq!(newslens(&["clean", "-"], Some(b"")).status.code(), Some(1));
    let opts = tmp("bad-options.json");
    std::fs::write(&opts, r#"{"clean": "yes"}"#).unwrap();
    let out = newslens(
        &["clean", "-", "--options", opts.to_str().unwrap()],
        Some(PAGE.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("\"clean\""));
}

#[test]
fn stdin_to_stdout_and_report_to_stdout_with_output_file() {
    let out = newslens(&["clean", "-"], Some(PAGE.as_bytes()));
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("https://www.youtube.com/watch?v=abc123") && !html.contains("<iframe"));
    assert!(html.contains("https://e.org/x?id=2"));

    let page = tmp("out.html");
    let out = newslens(
        &["clean", "-", "-o", page.to_str().unwrap(), "--report", "-"],
        Some(PAGE.as_bytes()),
    );
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["stats"]["replaceEmbed"], 1);
    assert_eq!(report["stats"]["stripParams"], 1);
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("newslens-embed"));
}

#[test]
fn options_file_turns_features_off() {
    let opts = tmp("options.json");
    std::fs::write(&opts, r#"{"embeds": false, "clean": false}"#).unwrap();
    let out = newslens(
        &["clean", "-", "--options", opts.to_str().unwrap()],
        Some(PAGE.as_bytes()),
    );
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<iframe") && html.contains("utm_source"));
}

#[test]
fn gbk_input_becomes_utf8_output() {
    let (bytes, _, _) = encoding_rs::GBK.encode(
        "<html><head><meta charset=\"gb2312\"><title>新闻</title></head><body><p>这是一段中文新闻的正文内容。</p></body></html>",
    );
    let out = newslens(&["clean", "-"], Some(&bytes));
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).expect("output is UTF-8");
    assert!(
        html.contains("这是一段中文新闻的正文内容") && html.contains("charset=\"utf-8\""),
        "{html}"
    );
}
