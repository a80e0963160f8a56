//! The files the binary carries: every template under `templates/` and every
//! file under `static/`, embedded at build time (`build.rs` rebuilds when one
//! is added), so the service runs from any folder. A template folder given in
//! `GONGJIANG_TEMPLATE_DIR` overrides the embedded templates file by file.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use rocket_dyn_templates::tera::{Template, Tera};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "templates/"]
struct Templates;

#[derive(Embed)]
#[folder = "static/"]
struct Static;

/// One template as Tera sees it.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Rocket's name: the path under `templates/` without `.tera` and the type
    /// extension (`pages/apply.html.tera` → `pages/apply`).
    pub name: String,
    /// Where it comes from (`templates/pages/apply.html.tera`, or the file in
    /// the override folder). Tera decides autoescaping by this path's suffix,
    /// exactly as for the files Rocket's own loader reads.
    pub path: String,
    pub content: String,
}

/// Every template, the override folder's (if any) in place of the embedded
/// ones with the same relative path.
pub fn templates(override_dir: Option<&Path>) -> Result<Vec<TemplateSource>, String> {
    let mut by_rel: BTreeMap<String, TemplateSource> = BTreeMap::new();
    for rel in Templates::iter().filter(|r| r.ends_with(".tera")) {
        let Some(file) = Templates::get(&rel) else {
            continue;
        };
        let content = String::from_utf8(file.data.into_owned())
            .map_err(|_| format!("template {rel} is not UTF-8"))?;
        let source = TemplateSource {
            name: rocket_name(&rel),
            path: format!("templates/{rel}"),
            content,
        };
        by_rel.insert(rel.into_owned(), source);
    }
    if let Some(dir) = override_dir {
        let mut files = vec![];
        collect(dir, &mut files).map_err(|e| format!("template folder {}: {e}", dir.display()))?;
        for path in files {
            let Some(rel) = path
                .strip_prefix(dir)
                .ok()
                .and_then(|r| r.to_str())
                .map(|r| r.replace('\\', "/"))
            else {
                continue;
            };
            let content = std::fs::read_to_string(&path)
                .map_err(|e| format!("template {}: {e}", path.display()))?;
            let source = TemplateSource {
                name: rocket_name(&rel),
                path: path.display().to_string(),
                content,
            };
            by_rel.insert(rel, source);
        }
    }
    Ok(by_rel.into_values().collect())
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tera") {
            out.push(path);
        }
    }
    Ok(())
}

/// `email/decision/zh/html.html.tera` → `email/decision/zh/html`, as Rocket's
/// template loader names files.
fn rocket_name(rel: &str) -> String {
    let no_engine = rel.strip_suffix(".tera").unwrap_or(rel);
    match no_engine.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => stem.to_string(),
        _ => no_engine.to_string(),
    }
}

/// Adds `sources` to `tera` under their names, keeping each one's path, so
/// that autoescaping follows the file name as it does for files on disk
/// (`add_raw_templates` would drop the path and escape by name instead).
pub fn register(tera: &mut Tera, sources: &[TemplateSource]) -> Result<(), String> {
    for s in sources {
        let template = Template::new(&s.name, Some(s.path.clone()), &s.content)
            .map_err(|e| format!("template {}: {}", s.path, error_chain(&e)))?;
        tera.templates.insert(s.name.clone(), template);
    }
    tera.build_inheritance_chains()
        .and_then(|()| tera.check_macro_files())
        .map_err(|e| format!("templates: {}", error_chain(&e)))
}

/// An error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

/// A static file and what its answer needs.
pub struct StaticFile {
    pub data: Cow<'static, [u8]>,
    /// The first 16 hex digits of the content's SHA-256: the ETag, and the
    /// version in the file's hashed name.
    pub hash: String,
}

/// The embedded static file `name` (`app.css`).
pub fn static_file(name: &str) -> Option<StaticFile> {
    let file = Static::get(name)?;
    let hash = hex16(&file.metadata.sha256_hash());
    Some(StaticFile {
        data: file.data,
        hash,
    })
}

fn hex16(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Hashed names of every static file, computed once: `app.css` →
/// `app.<hash>.css`.
static HASHED: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    Static::iter()
        .filter_map(|name| {
            let file = static_file(&name)?;
            Some((name.to_string(), hashed_name(&name, &file.hash)))
        })
        .collect()
});

fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    }
}

/// The link to a static file under a name that changes with its content, so
/// it can be cached for a year; an unknown name links to itself.
pub fn static_url(name: &str) -> String {
    match HASHED.get(name) {
        Some(hashed) => format!("/static/{hashed}"),
        None => format!("/static/{name}"),
    }
}

/// Splits a hashed name (`app.0123456789abcdef.css`) into the file's own name
/// and the hash it was linked with.
pub fn unhash(requested: &str) -> Option<(String, &str)> {
    let (rest, ext) = requested.rsplit_once('.')?;
    let (stem, hash) = rest.rsplit_once('.')?;
    let hex = hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && !stem.is_empty()).then(|| (format!("{stem}.{ext}"), hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rockets_loader() {
        assert_eq!(rocket_name("pages/apply.html.tera"), "pages/apply");
        assert_eq!(
            rocket_name("email/decision/zh/subject.txt.tera"),
            "email/decision/zh/subject"
        );
        assert_eq!(rocket_name("index.tera"), "index");
    }

    #[test]
    fn every_template_and_static_file_is_embedded() {
        let on_disk = |dir: &str| {
            let mut files = vec![];
            collect(Path::new(dir), &mut files).unwrap_or_else(|e| panic!("{dir}: {e}"));
            files.len()
        };
        let sources = templates(None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sources.len(), on_disk("templates"));
        assert!(sources.iter().any(|s| s.name == "pages/apply"));
        assert!(static_file("app.css").is_some());
        assert!(static_file("nope.css").is_none());
    }

    #[test]
    fn hashed_names_round_trip_and_others_do_not_parse() {
        let url = static_url("app.css");
        let hashed = url.trim_start_matches("/static/");
        let (name, hash) = unhash(hashed).unwrap_or_else(|| panic!("{url}"));
        assert_eq!(name, "app.css");
        assert_eq!(
            Some(hash.to_string()),
            static_file("app.css").map(|f| f.hash)
        );
        assert_eq!(unhash("app.css"), None);
        assert_eq!(unhash("app.xyz.css"), None);
        assert_eq!(unhash(".0123456789abcdef.css"), None);
        assert_eq!(static_url("missing.js"), "/static/missing.js");
    }

    #[test]
    fn a_folder_overrides_one_template_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pages = dir.path().join("pages");
        std::fs::create_dir_all(&pages).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(pages.join("lookup.html.tera"), "LOCAL {{ x }}")
            .unwrap_or_else(|e| panic!("{e}"));
        let all = templates(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        let embedded = templates(None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.len(), embedded.len());
        // As Rocket's Tera engine sets it up.
        let mut tera = Tera::default();
        tera.autoescape_on(vec![
            ".html.tera",
            ".htm.tera",
            ".xml.tera",
            ".html",
            ".htm",
            ".xml",
        ]);
        register(&mut tera, &all).unwrap_or_else(|e| panic!("{e}"));
        let mut ctx = rocket_dyn_templates::tera::Context::new();
        ctx.insert("x", "<b>");
        let out = tera
            .render("pages/lookup", &ctx)
            .unwrap_or_else(|e| panic!("{e}"));
        // Still escaped: the override's path ends in `.html.tera`.
        assert_eq!(out, "LOCAL &lt;b&gt;");
    }
}
