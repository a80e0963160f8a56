//! The application form: GET shows it, POST maps it onto the service's
//! `ApplicationRequest` and `applications::submit` decides. Errors re-render
//! the form with the reader's answers kept; the ineligible, duplicate and
//! closed outcomes get pages of their own.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::Message;
use crate::domain::pairing::MAX_PREFERENCES;
use crate::domain::qualification::WeldingProcess;
use crate::entity::cohort;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::applications::{self, ApplicationRequest, CertificateRequest};
use crate::service::mentoring::mentors::{AnnouncedMentor, announced};
use crate::service::workshops::Workshop;
use crate::web::auth::{MaybeUser, SessionUser};
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::forms::{shown, text};
use crate::web::pages::enrollment::options;
use crate::web::pages::enrollment::public::{cohort_words, visible_cohort};
use crate::web::pages::{Answer, PageBase};

/// The form's inputs in the order it shows them (the error summary follows it).
const ORDER: [&str; 19] = [
    "full_name",
    "national_id",
    "phone",
    "email",
    "employer",
    "nomination_code",
    "trade",
    "started_trade_on",
    "has_certificate",
    "certificate_trade",
    "certificate_level",
    "certificate_number",
    "certificate_issued_on",
    "certificate",
    "processes",
    "mentor_preferences",
    "locale",
    "consent",
    "csrf",
];

/// The form as posted. Every field is optional text, so a strange answer
/// becomes a field error from the service, never a refused request.
#[derive(Debug, Default, FromForm)]
pub struct ApplyForm {
    pub csrf: Option<String>,
    pub full_name: Option<String>,
    pub national_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub employer: Option<String>,
    pub trade: Option<String>,
    pub started_trade_on: Option<String>,
    pub has_certificate: Option<String>,
    pub certificate_trade: Option<String>,
    pub certificate_level: Option<String>,
    pub certificate_number: Option<String>,
    pub certificate_issued_on: Option<String>,
    pub processes: Vec<String>,
    /// Ranked mentor ids, one select per rank (blank: no choice).
    pub mentor_preferences: Vec<String>,
    pub locale: Option<String>,
    pub consent: Option<String>,
    pub nomination_code: Option<String>,
}

/// The answers as the form shows them again.
#[derive(Debug, Default, Serialize)]
pub struct Values {
    full_name: String,
    national_id: String,
    phone: String,
    email: String,
    employer: String,
    trade: String,
    started_trade_on: String,
    has_certificate: String,
    certificate_trade: String,
    certificate_level: String,
    certificate_number: String,
    certificate_issued_on: String,
    processes: Vec<String>,
    mentor_preferences: Vec<String>,
    locale: String,
    consent: bool,
    nomination_code: String,
}

fn ticked(v: &Option<String>) -> bool {
    matches!(text(v).as_str(), "yes" | "on" | "true" | "1")
}

impl ApplyForm {
    /// Whether the applicant says they hold a skill certificate: their yes/no,
    /// or, when they skipped it, whether they chose a level.
    fn holds_certificate(&self) -> bool {
        match text(&self.has_certificate).as_str() {
            "yes" => true,
            "no" => false,
            _ => !text(&self.certificate_level).is_empty(),
        }
    }

    /// Questions of the page itself left unanswered: the certificate yes/no
    /// skipped with no level chosen is asked again, never judged.
    fn unanswered(&self) -> Vec<FieldError> {
        if text(&self.has_certificate).is_empty() && text(&self.certificate_level).is_empty() {
            return vec![FieldError::new(
                "has_certificate",
                Message::of("certificate_question_unanswered"),
            )];
        }
        vec![]
    }

    /// The service's input; every check happens there.
    pub fn request(&self) -> ApplicationRequest {
        let optional = |v: &Option<String>| Some(text(v)).filter(|s| !s.is_empty());
        let certificate = self.holds_certificate().then(|| CertificateRequest {
            trade: text(&self.certificate_trade),
            level: Value::String(text(&self.certificate_level)),
            number: optional(&self.certificate_number),
            issued_on: optional(&self.certificate_issued_on),
        });
        ApplicationRequest {
            full_name: text(&self.full_name),
            national_id: text(&self.national_id),
            phone: text(&self.phone),
            email: text(&self.email),
            employer: text(&self.employer),
            trade: text(&self.trade),
            started_trade_on: optional(&self.started_trade_on),
            certificate,
            processes: self
                .processes
                .iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            locale: optional(&self.locale),
            consent: ticked(&self.consent),
            mentor_preferences: Value::Array(
                self.mentor_preferences
                    .iter()
                    .map(|m| Value::String(m.trim().to_string()))
                    .collect(),
            ),
            nomination_code: optional(&self.nomination_code),
        }
    }

    pub fn values(&self) -> Values {
        Values {
            full_name: text(&self.full_name),
            national_id: text(&self.national_id),
            phone: text(&self.phone),
            email: text(&self.email),
            employer: text(&self.employer),
            trade: text(&self.trade),
            started_trade_on: text(&self.started_trade_on),
            has_certificate: text(&self.has_certificate),
            certificate_trade: text(&self.certificate_trade),
            certificate_level: text(&self.certificate_level),
            certificate_number: text(&self.certificate_number),
            certificate_issued_on: text(&self.certificate_issued_on),
            processes: self.processes.clone(),
            mentor_preferences: self.mentor_preferences.clone(),
            locale: text(&self.locale),
            consent: ticked(&self.consent),
            nomination_code: text(&self.nomination_code),
        }
    }
}

/// A blank form for a cohort: the workshop's trade chosen, notices in the reader's language.
fn blank(w: &Workshop, locale: Locale) -> Values {
    Values {
        trade: w.model.trade.clone(),
        certificate_trade: w.model.trade.clone(),
        locale: locale.code().into(),
        ..Values::default()
    }
}

/// The form page with its choices, answers and errors.
fn form_page(
    base: &PageBase,
    user: Option<&SessionUser>,
    (c, w): (&cohort::Model, &Workshop),
    mentors: &[AnnouncedMentor],
    values: &Values,
    errors: &[FieldError],
    status: Status,
) -> Answer {
    let locale = base.locale;
    let (error_map, error_list) = shown(errors, base.english(), &ORDER);
    let ctx = base
        .ctx(user)
        .with("cohort", cohort_words(c, w, locale, Utc::now()))
        .with("v", values)
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("trades", options::trades(locale, &w.model.trade))
        .with("levels", options::levels(locale))
        .with("processes", options::processes(locale))
        .with(
            "mentor_choices",
            mentor_choices(mentors, &values.mentor_preferences, locale),
        )
        .with("is_welding", w.model.trade == "welder");
    Answer::with_status(status, "pages/apply", ctx)
}

/// One select per rank, the applicant's answer chosen again.
fn mentor_choices(mentors: &[AnnouncedMentor], chosen: &[String], locale: Locale) -> Vec<Value> {
    if mentors.is_empty() {
        return vec![];
    }
    (0..MAX_PREFERENCES)
        .map(|rank| {
            let answer = chosen.get(rank).map(|s| s.trim()).unwrap_or("");
            let options: Vec<Value> = mentors
                .iter()
                .map(|m| {
                    let id = m.id.to_string();
                    json!({
                        "value": id,
                        "label": mentor_label(m, locale),
                        "selected": answer == id,
                    })
                })
                .collect();
            json!({"rank": rank + 1, "options": options})
        })
        .collect()
}

/// A mentor as the form lists them: name, title in brackets, then processes.
pub fn mentor_label(m: &AnnouncedMentor, locale: Locale) -> String {
    let english = locale.is_english();
    let processes: Vec<String> = m
        .processes
        .iter()
        .filter_map(|code| WeldingProcess::parse(code).ok())
        .map(|p| {
            if english {
                p.code().to_string()
            } else {
                p.label(crate::i18n::Locale::Zh)
            }
        })
        .collect();
    let locale = crate::i18n::Locale::from_english(english);
    let name = if m.title.is_empty() {
        m.name.clone()
    } else {
        crate::i18n::fmt::with_detail(locale, &m.name, &m.title)
    };
    let sep = crate::i18n::t(locale, "list_separator");
    format!("{name} · {}", processes.join(&sep))
}

/// A page that explains why the cohort cannot take this application.
fn refusal_page(
    base: &PageBase,
    user: Option<&SessionUser>,
    (c, w): (&cohort::Model, &Workshop),
    err: &AppError,
    values: &Values,
) -> Answer {
    let english = base.english();
    let reasons: Vec<String> = match err {
        AppError::Ineligible(reasons) => reasons.iter().map(|r| r.text(english)).collect(),
        _ => vec![],
    };
    let kind = match err {
        AppError::Ineligible(_) => "ineligible",
        AppError::Conflict { message, .. } => message.code,
        _ => "other",
    };
    let ctx = base
        .ctx(user)
        .with("cohort", cohort_words(c, w, base.locale, Utc::now()))
        .with("kind", kind)
        .with("headline", err.message().text(english))
        .with("reasons", reasons)
        .with("v", values)
        .with("errors", Value::Object(Default::default()))
        .with("error_list", Vec::<Value>::new())
        .with("trades", options::trades(base.locale, &w.model.trade))
        .with("levels", options::levels(base.locale))
        .with("processes", options::processes(base.locale))
        .with("is_welding", w.model.trade == "welder");
    Answer::with_status(err.status(), "pages/apply_refused", ctx)
}

#[get("/cohorts/<id>/apply")]
pub async fn apply_page(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    id: i64,
) -> AppResult<Answer> {
    let (c, w) = visible_cohort(state, id, &user.0).await?;
    let values = blank(&w, base.locale);
    if !cohort_words(&c, &w, base.locale, Utc::now())["accepting_applications"]
        .as_bool()
        .unwrap_or(false)
    {
        return Ok(refusal_page(
            &base,
            user.0.as_ref(),
            (&c, &w),
            &applications::cohort_not_open(),
            &values,
        ));
    }
    let mentors = announced(&state.db, c.id).await?;
    Ok(form_page(
        &base,
        user.0.as_ref(),
        (&c, &w),
        &mentors,
        &values,
        &[],
        Status::Ok,
    ))
}

#[post("/cohorts/<id>/apply", data = "<form>")]
pub async fn apply_submit(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    user: MaybeUser,
    client: crate::web::client::ClientAddr,
    id: i64,
    form: crate::web::input::CheckedForm<ApplyForm>,
) -> AppResult<Answer> {
    let (c, w) = visible_cohort(state, id, &user.0).await?;
    let values = form.values();
    let mentors = announced(&state.db, c.id).await?;
    // A forged or stale form stores nothing; the answers stay for a resubmit.
    if csrf::verify(cookies, &text(&form.csrf)).is_err() {
        let refused = [FieldError::new("csrf", stale_form())];
        return Ok(form_page(
            &base,
            user.0.as_ref(),
            (&c, &w),
            &mentors,
            &values,
            &refused,
            Status::Forbidden,
        ));
    }
    let limit = state.settings.application_limit;
    crate::service::throttle::application(&state.db, &client.0, limit).await?;
    // An unanswered question of the page is reported with every other
    // problem of the form in one pass, and nothing is judged or stored.
    let mut unanswered = form.unanswered();
    if !unanswered.is_empty() {
        let today = crate::domain::beijing_date(Utc::now());
        if let Err(more) = applications::form::check(&form.request(), today) {
            unanswered.extend(more);
        }
        return Ok(form_page(
            &base,
            user.0.as_ref(),
            (&c, &w),
            &mentors,
            &values,
            &unanswered,
            Status::UnprocessableEntity,
        ));
    }
    Ok(
        match applications::submit(state, id, &form.request(), Utc::now()).await {
            Ok(s) => Answer::go(format!(
                "{}&new=1",
                crate::links::status_path(&s.app.reference, &s.token)
            )),
            Err(AppError::Validation(errors)) => form_page(
                &base,
                user.0.as_ref(),
                (&c, &w),
                &mentors,
                &values,
                &errors,
                Status::UnprocessableEntity,
            ),
            Err(e @ (AppError::Ineligible(_) | AppError::Conflict { .. })) => {
                refusal_page(&base, user.0.as_ref(), (&c, &w), &e, &values)
            }
            Err(e) => e.into(),
        },
    )
}

/// The message for a stale form, shown in the summary like any other error.
pub fn stale_form() -> Message {
    Message::keyed("csrf_failed", "msg-csrf_failed-2")
}

pub fn routes() -> Vec<rocket::Route> {
    routes![apply_page, apply_submit]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ApplyForm {
        ApplyForm {
            full_name: Some(" 张焊工 ".into()),
            trade: Some("welder".into()),
            certificate_trade: Some("welder".into()),
            certificate_level: Some("4".into()),
            started_trade_on: Some("".into()),
            consent: Some("yes".into()),
            processes: vec!["SMAW".into(), " ".into()],
            ..<ApplyForm as Default>::default()
        }
    }

    #[test]
    fn the_form_maps_onto_the_service_request() {
        let r = form().request();
        assert_eq!(r.full_name, "张焊工");
        assert_eq!(r.started_trade_on, None);
        assert!(r.consent);
        assert_eq!(r.processes, ["SMAW"]);
        let cert = r.certificate.unwrap_or_default();
        assert_eq!(cert.level, Value::String("4".into()));
    }

    #[test]
    fn answering_no_drops_the_certificate_and_skipping_the_question_follows_the_level() {
        let mut f = form();
        f.has_certificate = Some("no".into());
        assert!(f.request().certificate.is_none());
        f.has_certificate = None;
        assert!(f.request().certificate.is_some());
        f.certificate_level = Some(" ".into());
        assert!(f.request().certificate.is_none());
        f.has_certificate = Some("yes".into());
        assert!(
            f.request().certificate.is_some(),
            "a yes without a level reaches the service, which names the field"
        );
    }

    #[test]
    fn consent_needs_a_tick() {
        let mut f = form();
        f.consent = None;
        assert!(!f.request().consent);
        f.consent = Some("maybe".into());
        assert!(!f.request().consent);
    }
}
