//! The message catalogs: `locales/zh-CN/*.ftl` and `locales/en/*.ftl`
//! (Project Fluent), embedded at build time so the binary runs from any
//! folder. Keys named `msg-…` are the texts of `Message`s (errors, reasons);
//! every other key is a page string, given to templates as `t.<key>`.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use rust_embed::Embed;

use super::Locale;

#[derive(Embed)]
#[folder = "locales/"]
struct Files;

/// The prefix of the keys that hold `Message` texts.
pub const MESSAGE_PREFIX: &str = "msg-";

struct Catalog {
    bundle: FluentBundle<FluentResource>,
    /// Each key, with the variables its value names.
    keys: BTreeMap<String, BTreeSet<String>>,
    /// Parse and duplicate-key errors, reported by `problems`.
    problems: Vec<String>,
}

fn load(locale: Locale) -> Catalog {
    let folder = locale.html_lang();
    let langid = folder.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Text goes into HTML, mail and JSON as it is: no bidi isolation marks.
    bundle.set_use_isolating(false);
    // English grammar for the English catalog: `{ ARTICLE($trade) } { $trade }`.
    let _ = bundle.add_function("ARTICLE", |positional, _named| {
        let word = match positional.first() {
            Some(FluentValue::String(s)) => s.to_string(),
            _ => String::new(),
        };
        FluentValue::from(english_article(&word))
    });
    let mut keys = BTreeMap::new();
    let mut problems = vec![];
    let prefix = format!("{folder}/");
    let mut files: Vec<String> = Files::iter()
        .filter(|f| f.starts_with(&prefix) && f.ends_with(".ftl"))
        .map(|f| f.into_owned())
        .collect();
    files.sort();
    for file in files {
        let Some(data) = Files::get(&file) else {
            continue;
        };
        let Ok(source) = String::from_utf8(data.data.into_owned()) else {
            problems.push(format!("{file}: not UTF-8"));
            continue;
        };
        let resource = match FluentResource::try_new(source) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(format!("{file}: {e:?}"));
                }
                r
            }
        };
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut vars);
                }
                if keys.insert(m.id.name.to_string(), vars).is_some() {
                    problems.push(format!("{file}: {} is defined twice", m.id.name));
                }
            }
        }
        if let Err(errors) = bundle.add_resource(resource) {
            for e in errors {
                problems.push(format!("{file}: {e:?}"));
            }
        }
    }
    Catalog {
        bundle,
        keys,
        problems,
    }
}

fn pattern_variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                pattern_variables(&v.value, out);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
            for a in &arguments.named {
                inline_variables(&a.value, out);
            }
        }
        _ => {}
    }
}

static CATALOGS: LazyLock<[Catalog; 2]> = LazyLock::new(|| [load(Locale::Zh), load(Locale::En)]);

fn catalog(locale: Locale) -> &'static Catalog {
    &CATALOGS[usize::from(locale.is_english())]
}

/// "an" before a vowel, else "a".
pub fn english_article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// A value put into a text: words, or a number (which plural forms select on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(i64),
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

/// The text of `key` in `locale` with `args` put in; the key itself (so a
/// missing entry shows, and the catalog test names it) when there is none.
pub fn text(locale: Locale, key: &str, args: &[(&str, String)]) -> String {
    let values: Vec<(&str, Value)> = args
        .iter()
        .map(|(n, v)| (*n, Value::Text(v.clone())))
        .collect();
    lookup(locale, key, &values).unwrap_or_else(|| {
        tracing::warn!(key, lang = locale.code(), "no such catalog entry");
        key.to_string()
    })
}

/// The text of `key` in `locale`, an entry without arguments (a column
/// header, a button, a status name).
pub fn t(locale: Locale, key: &str) -> String {
    text(locale, key, &[])
}

/// The text of `key` in `locale` with `args` put in, if the catalog has it.
pub fn lookup(locale: Locale, key: &str, args: &[(&str, Value)]) -> Option<String> {
    let c = catalog(locale);
    let pattern = c.bundle.get_message(key).and_then(|m| m.value())?;
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Value::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Value::Number(n) => fargs.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = vec![];
    let out = c
        .bundle
        .format_pattern(pattern, Some(&fargs), &mut errors)
        .into_owned();
    if !errors.is_empty() {
        tracing::warn!(key, lang = locale.code(), ?errors, "catalog entry");
    }
    Some(out)
}

/// Whether the catalogs have `key` (in Chinese; the parity test keeps the
/// languages equal).
pub fn has(key: &str) -> bool {
    catalog(Locale::Zh).keys.contains_key(key)
}

/// Every key of a locale with the variables its text names.
pub fn keys(locale: Locale) -> &'static BTreeMap<String, BTreeSet<String>> {
    &catalog(locale).keys
}

/// What went wrong loading the catalogs (a test requires none).
pub fn problems() -> Vec<String> {
    Locale::ALL
        .iter()
        .flat_map(|l| catalog(*l).problems.iter().cloned())
        .collect()
}

/// The page strings of a locale, as the templates' `t` object: every key not
/// starting with `msg-`, with each `{ $name }` left as `{name}` for the page to
/// fill in. Built once.
pub fn strings(locale: Locale) -> &'static HashMap<&'static str, &'static str> {
    static STRINGS: LazyLock<[HashMap<&'static str, &'static str>; 2]> =
        LazyLock::new(|| [page_strings(Locale::Zh), page_strings(Locale::En)]);
    &STRINGS[usize::from(locale.is_english())]
}

fn page_strings(locale: Locale) -> HashMap<&'static str, &'static str> {
    let c = catalog(locale);
    c.keys
        .iter()
        .filter(|(k, _)| !k.starts_with(MESSAGE_PREFIX))
        .map(|(k, vars)| {
            let args: Vec<(&str, String)> = vars
                .iter()
                .map(|v| (v.as_str(), format!("{{{v}}}")))
                .collect();
            let value: &'static str = Box::leak(text(locale, k, &args).into_boxed_str());
            (k.as_str(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_load_without_problems() {
        assert_eq!(problems(), Vec::<String>::new());
    }

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_placeholders() {
        let zh = keys(Locale::Zh);
        let en = keys(Locale::En);
        let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        assert!(only_zh.is_empty(), "only in zh-CN: {only_zh:?}");
        assert!(only_en.is_empty(), "only in en: {only_en:?}");
        for (k, vars) in zh {
            assert_eq!(Some(vars), en.get(k), "placeholders of {k}");
        }
    }

    #[test]
    fn page_strings_keep_placeholders_for_the_page() {
        assert!(!strings(Locale::Zh).is_empty());
        for (k, v) in strings(Locale::En) {
            assert!(!v.is_empty(), "{k} is empty");
        }
    }

    /// Every file under `dir` whose name ends in `suffix`.
    fn files(dir: &std::path::Path, suffix: &str, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, suffix, out);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }

    #[test]
    fn every_page_string_a_template_names_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = vec![];
        files(&root.join("templates"), ".tera", &mut found);
        assert!(!found.is_empty());
        let t = strings(Locale::Zh);
        let mut missing = vec![];
        for path in found {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, _) in text.match_indices("t.") {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = text[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !key.is_empty() && !t.contains_key(key.as_str()) {
                    missing.push(format!("{}: t.{key}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "templates name missing keys: {missing:#?}"
        );
    }

    #[test]
    fn every_message_key_the_code_names_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = vec![];
        files(&root.join("src"), ".rs", &mut found);
        let mut missing = vec![];
        let mut named = 0;
        for path in found
            .into_iter()
            .filter(|p| !p.ends_with("i18n/catalog.rs"))
        {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // `Message::of("code")` → `msg-code`; `Message::keyed(code, "key")`,
            // `bad_code("key")` and other literal `"msg-…"` keys as written.
            for (i, _) in text.match_indices("Message::of(\"") {
                let code: String = text[i + 13..].chars().take_while(|c| *c != '"').collect();
                named += 1;
                if !has(&format!("{MESSAGE_PREFIX}{code}")) {
                    missing.push(format!("{}: msg-{code}", path.display()));
                }
            }
            for (i, _) in text.match_indices("\"msg-") {
                let key: String = text[i + 1..].chars().take_while(|c| *c != '"').collect();
                if key.len() > MESSAGE_PREFIX.len() && !key.contains('{') {
                    named += 1;
                    if !has(&key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        // `t(locale, "key")`, `base.t("key")`, `text(locale, "key", …)` and
        // `lookup(locale, "key", …)` with a literal key.
        let root_src = root.join("src");
        let mut sources = vec![];
        files(&root_src, ".rs", &mut sources);
        let mut looked_up = 0;
        for path in sources
            .into_iter()
            .filter(|p| !p.ends_with("i18n/catalog.rs"))
        {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for call in ["t(", "text(", "lookup("] {
                for (i, _) in text.match_indices(call) {
                    let before = text[..i].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let args: String = text[i + call.len()..]
                        .chars()
                        .take_while(|c| *c != ')' && *c != ';')
                        .collect();
                    // `base.t("key")` names it first; the functions take
                    // the locale first.
                    let position = usize::from(!(call == "t(" && before == Some('.')));
                    if let Some(a) = args.splitn(3, ',').nth(position) {
                        let a = a.trim();
                        let Some(key) = a.strip_prefix('"').and_then(|k| k.strip_suffix('"'))
                        else {
                            continue;
                        };
                        let plain = key.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
                        });
                        if plain && !key.is_empty() {
                            looked_up += 1;
                            if !has(key) {
                                missing.push(format!("{}: {key}", path.display()));
                            }
                        }
                    }
                }
            }
        }
        assert!(looked_up > 50, "only {looked_up} looked-up keys found");
        assert!(named > 100, "only {named} message keys found");
        assert!(missing.is_empty(), "code names missing keys: {missing:#?}");
    }

    #[test]
    fn labels_of_every_value_exist() {
        use crate::domain::attendance::AttendanceStatus;
        use crate::domain::cohort::{ApplicationStatus, CohortStatus};
        use crate::domain::qualification::{Trade, WeldingProcess};
        let mut keys: Vec<String> = vec![];
        keys.extend(CohortStatus::ALL.iter().map(|s| s.label_key().to_string()));
        keys.extend(
            ApplicationStatus::ALL
                .iter()
                .map(|s| s.label_key().to_string()),
        );
        keys.extend(
            AttendanceStatus::ALL
                .iter()
                .map(|s| s.label_key().to_string()),
        );
        keys.extend(
            WeldingProcess::ALL
                .iter()
                .map(|s| s.label_key().to_string()),
        );
        keys.extend(Trade::known().iter().map(|t| t.label_key()));
        for k in keys {
            assert!(has(&k), "{k}");
        }
    }

    #[test]
    fn messages_put_in_their_arguments_in_each_language() {
        let m = crate::i18n::Message::keyed("invalid_transition", "msg-invalid_transition-cohort")
            .arg_key("from", "cohort-status-completed")
            .arg_key("to", "cohort-status-open");
        assert_eq!(m.text(false), "本期状态不能从“已结业”变为“报名中”");
        assert_eq!(
            m.text(true),
            "A cohort cannot go from “completed” to “open for applications”"
        );
        let json = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(json["code"], "invalid_transition");
        assert_eq!(json["zh"], "本期状态不能从“已结业”变为“报名中”");
        // A missing key shows itself, so it is noticed.
        assert_eq!(text(Locale::En, "no-such-key", &[]), "no-such-key");
    }

    #[test]
    fn english_plurals_and_articles_follow_the_values() {
        let m = |have: i64, trade: &str| {
            crate::i18n::Message::of("experience_too_short")
                .arg("deadline", "2026-12-01")
                .with(
                    "trade",
                    crate::i18n::Arg::Key {
                        key: format!("trade-{trade}").into(),
                        fallback: Some(trade.to_string()),
                    },
                )
                .arg_num("have", have)
                .arg("min_years", &8)
                .text(true)
        };
        assert!(
            m(1, "welder").contains("1 full year as a welder;"),
            "{}",
            m(1, "welder")
        );
        assert!(m(7, "electrician").contains("7 full years as an electrician;"));
        assert!(
            m(7, "oiler").contains("as an oiler;"),
            "unknown trade: its word"
        );
    }
}
