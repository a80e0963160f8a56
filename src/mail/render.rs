//! Subject, text and HTML of a notice, from the templates under `email/`
//! (`<kind>/<lang>/subject.txt.tera`, `text.txt.tera`, `html.html.tera`),
//! embedded in the binary or taken from the override folder. The templates are
//! named as Rocket's template fairing names them (path without `.tera` and the
//! type extension, e.g. `email/decision/zh/html`), so the shared HTML layout
//! (`{% extends "email/layout" %}`) resolves in both Tera instances.
use std::path::Path;

use rocket_dyn_templates::tera::{Context, Tera};
use serde_json::Value;

use crate::embedded::{self, TemplateSource, error_chain};
use crate::i18n::Locale;
use crate::mail::{KINDS, Mailer};

/// A rendered notice.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The template paths and names whose output is HTML and so is escaped.
const HTML_SUFFIXES: [&str; 3] = [".html.tera", "/html", "email/layout"];

/// Loads every mail template (the override folder's in place of the embedded
/// ones) and checks that each kind has its three parts in both languages.
pub fn load(override_dir: Option<&Path>) -> Result<Tera, String> {
    let sources: Vec<TemplateSource> = embedded::templates(override_dir)?
        .into_iter()
        .filter(|s| s.name.starts_with("email/"))
        .collect();
    let tera = mail_tera(&sources)?;
    for kind in KINDS {
        for lang in ["zh", "en"] {
            for part in ["subject", "text", "html"] {
                let name = format!("email/{kind}/{lang}/{part}");
                if tera.get_template(&name).is_err() {
                    return Err(format!("email template {name} is missing"));
                }
            }
        }
    }
    Ok(tera)
}

/// The mail's Tera instance: which templates it escapes, and the templates.
/// Tera matches the escape suffixes against each template's path
/// (`templates/email/<kind>/<lang>/html.html.tera`).
fn mail_tera(sources: &[TemplateSource]) -> Result<Tera, String> {
    let mut tera = Tera::default();
    // Only the HTML parts are escaped; subjects and text parts are plain text.
    // Tera decides by the file path when a template has one (`….html.tera`)
    // and by the name otherwise (`…/html`), so every HTML part under
    // `templates/email/`, present or future, is escaped.
    tera.autoescape_on(HTML_SUFFIXES.to_vec());
    embedded::register(&mut tera, sources).map_err(|e| format!("email {e}"))?;
    Ok(tera)
}

impl Mailer {
    /// Renders the three parts of `kind` in `locale` with the caller's values
    /// (plus `lang` and `public_url`).
    pub fn render(&self, kind: &str, locale: Locale, values: &Value) -> Result<Rendered, String> {
        let mut ctx = match values {
            Value::Object(_) => Context::from_value(values.clone()).map_err(|e| error_chain(&e))?,
            Value::Null => Context::new(),
            _ => return Err(format!("notice {kind}: the values must be an object")),
        };
        ctx.insert("lang", locale.code());
        ctx.insert("html_lang", locale.html_lang());
        ctx.insert("public_url", &self.public_url);
        let lang = locale.code();
        let part = |p: &str| {
            let name = format!("email/{kind}/{lang}/{p}");
            self.tera
                .render(&name, &ctx)
                .map_err(|e| format!("rendering {name}: {}", error_chain(&e)))
        };
        let subject = one_line(&part("subject")?);
        let text = tidy_text(&part("text")?);
        let html = part("html")?;
        Ok(Rendered {
            subject,
            text,
            html,
        })
    }
}

/// A subject is one line of at most 300 characters.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.chars().take(300).collect()
}

/// Trims trailing spaces and runs of blank lines the template logic leaves.
fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mailer() -> Mailer {
        let settings: crate::config::Settings =
            serde_json::from_value(json!({})).unwrap_or_else(|e| panic!("{e}"));
        Mailer::new(&settings).unwrap_or_else(|e| panic!("{e}"))
    }

    fn sample(kind: &str) -> Value {
        let session =
            json!({"title": "焊条电弧焊实操", "when": "2026年12月1日 09:00", "venue": "实训基地"});
        match kind {
            "application_received" => {
                json!({"name": "张三", "reference": "GJ-7K3M9Q", "workshop_title": "焊工研修班",
                "cohort_name": "第一期", "basis_text": "持有焊工中级证书", "starts_on": "2026年12月1日",
                "venue": "实训基地", "status_url": "http://x/applications/GJ-7K3M9Q?token=t"})
            }
            "decision" => {
                json!({"name": "张三", "reference": "GJ-7K3M9Q", "workshop_title": "焊工研修班",
                "cohort_name": "第一期", "decision": "waitlisted", "note": "", "waitlist_position": 2, "full": true,
                "status_url": "http://x/s"})
            }
            "promoted" => {
                json!({"name": "张三", "reference": "R", "workshop_title": "W", "cohort_name": "C",
                "offer_expires": "2026年12月3日 09:00", "status_url": "u"})
            }
            "draw_outcome" => {
                json!({"name": "张三", "reference": "R", "workshop_title": "W", "cohort_name": "C",
                "offered": true, "tier": 1, "ticket": "ab", "rank": 3, "offer_expires": "x",
                "status_url": "u", "draw_url": "d"})
            }
            "offer_lapsed" => {
                json!({"name": "张三", "reference": "R", "workshop_title": "W", "cohort_name": "C", "status_url": "u"})
            }
            "cohort_approved" => {
                json!({"name": "张三", "workshop_title": "W", "cohort_name": "C", "starts_on": "s",
                "ends_on": "e", "venue": "v", "mentor_name": "", "mentor_title": "", "sessions": [session],
                "has_calendar": true, "calendar_url": "https://x/calendar/p1-t.ics",
                "webcal_url": "webcal://x/calendar/p1-t.ics", "status_url": "u"})
            }
            "announcement" => {
                json!({"name": "张三", "workshop_title": "W", "cohort_name": "C", "subject": "S",
                "body": "line one <b>\nline two"})
            }
            "session_added" => {
                json!({"name": "张三", "cohort_name": "C", "title": "T", "when": "w", "venue": "v", "cancelled": false})
            }
            "session_changed" => {
                json!({"name": "张三", "cohort_name": "C", "title": "T", "when": "w", "venue": "v", "cancelled": true})
            }
            "session_reminder" => {
                json!({"name": "张三", "cohort_name": "C", "title": "T", "when": "w", "venue": "v"})
            }
            "assessment_recorded" => {
                json!({"name": "张三", "cohort_name": "C", "total": 72, "max": 100, "passed": true, "comment": ""})
            }
            "certificate_issued" => {
                json!({"name": "张三", "workshop_title": "W", "cohort_name": "C", "code": "ABCD-1234", "verify_url": "u"})
            }
            "status_link" => {
                json!({"name": "张三", "reference": "R", "workshop_title": "W", "cohort_name": "C",
                "status_url": "u", "valid_days": 60})
            }
            "absence_warning" => {
                json!({"name": "张三", "participant_name": "张三", "cohort_name": "C", "trigger": "consecutive_absences",
                "to_mentor": false, "best_percent": 60, "threshold_percent": 80, "attended": 1, "absent": 2,
                "excused": 0, "open": 3})
            }
            "password_reset" => {
                json!({"name": "张三", "reset_url": "https://x/password/reset/t", "valid_minutes": 45})
            }
            _ => json!({}),
        }
    }

    #[test]
    fn every_kind_renders_in_both_languages() {
        let m = mailer();
        for kind in KINDS {
            for locale in [Locale::Zh, Locale::En] {
                let r = m
                    .render(kind, locale, &sample(kind))
                    .unwrap_or_else(|e| panic!("{kind} {locale:?}: {e}"));
                assert!(!r.subject.is_empty() && !r.subject.contains('\n'), "{kind}");
                assert!(
                    r.text.contains("张三"),
                    "{kind} {locale:?} text: {}",
                    r.text
                );
                assert!(r.html.contains("张三"), "{kind} {locale:?}");
                assert!(
                    r.html.contains(&format!("lang=\"{}\"", locale.html_lang())),
                    "{kind}"
                );
            }
        }
    }

    #[test]
    fn the_html_part_escapes_what_an_organizer_wrote() {
        let m = mailer();
        let r = m
            .render("announcement", Locale::En, &sample("announcement"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(r.html.contains("line one &lt;b&gt;<br>"), "{}", r.html);
        assert!(r.text.contains("line one <b>\nline two"), "{}", r.text);
    }

    #[test]
    fn every_html_part_escapes_every_value_and_the_text_parts_keep_them() {
        let m = mailer();
        let markup = "\"><img src=x onerror=alert(1)>";
        for kind in KINDS {
            let mut values = sample(kind);
            if let Value::Object(map) = &mut values {
                for v in map.values_mut() {
                    if v.is_string() {
                        *v = Value::String(format!("{markup}{}", v.as_str().unwrap_or("")));
                    }
                }
            }
            for locale in [Locale::Zh, Locale::En] {
                let r = m
                    .render(kind, locale, &values)
                    .unwrap_or_else(|e| panic!("{kind} {locale:?}: {e}"));
                assert!(!r.html.contains("<img"), "{kind} {locale:?}: {}", r.html);
                assert!(r.html.contains("&lt;img"), "{kind} {locale:?}");
                assert!(r.text.contains("<img"), "{kind} {locale:?}: {}", r.text);
            }
        }
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_blank() {
        let m = mailer();
        assert!(
            m.render("promoted", Locale::Zh, &json!({"name": "x"}))
                .is_err()
        );
    }
}
