#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The layout the architecture promises: egui and eframe only in `src/app/` (the shell) and
//! `src/ui/` (the views), so everything else can be used and tested without a window.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn egui_is_used_only_by_the_shell_and_the_views() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("app") || relative.starts_with("ui") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if ["egui::", "use egui", "eframe::", "egui_kittest"]
                .iter()
                .any(|word| code.contains(word))
            {
                offenders.push(format!("{}:{}: {}", relative.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(files.len() > 40, "the sources were found");
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
