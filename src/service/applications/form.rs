//! The application form: raw input as sent (JSON or an HTML form) → a checked
//! application, with every problem reported under its field. Parse, don't
//! validate: handlers never touch the unchecked strings.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use validator::Validate;

use crate::domain::Message;
use crate::domain::eligibility::{ApplicantFacts, HeldCertificate};
use crate::domain::identity::{Email, MobilePhone, NationalId, OrgName, PersonName, past_date};
use crate::domain::qualification::{SkillLevel, Trade, WeldingProcess};
use crate::error::FieldError;
use crate::i18n::Locale;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    pub full_name: String,
    /// 18 characters; the last may be X.
    pub national_id: String,
    /// Mainland mobile number.
    pub phone: String,
    pub email: String,
    pub employer: String,
    /// The trade they work in, e.g. `welder`.
    pub trade: String,
    /// `YYYY-MM-DD`, the day they began working in the trade.
    #[serde(default)]
    pub started_trade_on: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub certificate: Option<CertificateRequest>,
    /// Welding processes: SMAW, GMAW, GTAW, FCAW, SAW.
    #[serde(default)]
    pub processes: Vec<String>,
    /// `zh` (default) or `en`: the language of their notices.
    #[serde(default)]
    pub locale: Option<String>,
    /// Explicit consent to the use of their personal data.
    #[serde(default)]
    pub consent: bool,
    /// Up to three mentor ids of this cohort, best first (first choice …).
    #[serde(default)]
    #[schema(value_type = Option<Vec<i64>>)]
    pub mentor_preferences: Value,
    /// A nomination code from their employer's union (optional).
    #[serde(default)]
    pub nomination_code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CertificateRequest {
    pub trade: String,
    /// 1–5 as printed on the certificate, or `"principal"` / `"chief"`.
    #[schema(value_type = Object)]
    pub level: Value,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issued_on: Option<String>,
}

/// A checked application.
#[derive(Debug, Clone)]
pub struct ValidApplication {
    pub full_name: PersonName,
    pub national_id: NationalId,
    pub phone: MobilePhone,
    pub email: Email,
    pub employer: OrgName,
    pub facts: ApplicantFacts,
    pub certificate_number: Option<String>,
    pub certificate_issued_on: Option<NaiveDate>,
    pub processes: Vec<WeldingProcess>,
    pub locale: Locale,
    /// Ranked mentor ids (not yet checked against the cohort's mentors).
    pub mentor_preferences: Vec<i64>,
}

fn parse_date(field: &str, s: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, Message::of("date_invalid")))?;
    past_date(d, today).map_err(|m| FieldError::new(field, m))
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks every field; `today` is the Beijing date of the submission.
pub fn check(
    req: &ApplicationRequest,
    today: NaiveDate,
) -> Result<ValidApplication, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = vec![];
    // Field errors of the simple fields; the closure's borrow of `errors` ends with the block.
    let (full_name, national_id, phone, email, employer, trade, locale, processes) = {
        let mut field = |name: &str, m: Message| errors.push(FieldError::new(name, m));
        let full_name = PersonName::parse(&req.full_name)
            .map_err(|m| field("full_name", m))
            .ok();
        let national_id = NationalId::parse(&req.national_id)
            .map_err(|m| field("national_id", m))
            .ok();
        let phone = MobilePhone::parse(&req.phone)
            .map_err(|m| field("phone", m))
            .ok();
        let email = Email::parse(&req.email).map_err(|m| field("email", m)).ok();
        let employer = OrgName::parse(&req.employer)
            .map_err(|m| field("employer", m))
            .ok();
        let trade = Trade::parse(&req.trade).map_err(|m| field("trade", m)).ok();
        let locale = match blank(&req.locale) {
            None => Some(Locale::Zh),
            Some(l) => match l {
                "zh" | "zh-CN" => Some(Locale::Zh),
                "en" => Some(Locale::En),
                _ => {
                    field("locale", Message::of("locale_invalid"));
                    None
                }
            },
        };
        if !req.consent {
            field("consent", Message::of("consent_required"));
        }
        let mut processes = vec![];
        for p in &req.processes {
            match WeldingProcess::parse(p) {
                Ok(p) if !processes.contains(&p) => processes.push(p),
                Ok(_) => {}
                Err(m) => {
                    field("processes", m);
                    break;
                }
            }
        }
        (
            full_name,
            national_id,
            phone,
            email,
            employer,
            trade,
            locale,
            processes,
        )
    };

    let started_trade_on = match blank(&req.started_trade_on) {
        None => None,
        Some(s) => match parse_date("started_trade_on", s, today) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if let (Some(start), Some(id)) = (started_trade_on, &national_id)
        && start < id.birth_date()
    {
        errors.push(FieldError::new(
            "started_trade_on",
            Message::of("started_before_birth"),
        ));
    }

    let mentor_preferences = crate::service::mentoring::preferences::parse(&req.mentor_preferences)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    // Without a certificate the start date is the only fact the rules can
    // judge: a skipped answer is a question to answer, not a verdict.
    if req.certificate.is_none() && blank(&req.started_trade_on).is_none() {
        errors.push(FieldError::new(
            "started_trade_on",
            Message::of("started_trade_on_required"),
        ));
    }

    let mut certificate = None;
    let mut certificate_number = None;
    let mut certificate_issued_on = None;
    if let Some(c) = &req.certificate {
        let ctrade = Trade::parse(&c.trade)
            .map_err(|m| errors.push(FieldError::new("certificate.trade", m)))
            .ok();
        let level = SkillLevel::parse_json(&c.level)
            .map_err(|m| errors.push(FieldError::new("certificate.level", m)))
            .ok();
        match blank(&c.number) {
            Some(n) if n.chars().count() > 40 || n.chars().any(char::is_control) => {
                errors.push(FieldError::new(
                    "certificate.number",
                    Message::of("certificate_number_invalid"),
                ))
            }
            Some(n) => certificate_number = Some(n.to_string()),
            None => {}
        }
        if let Some(s) = blank(&c.issued_on) {
            match parse_date("certificate.issued_on", s, today) {
                Ok(d) => certificate_issued_on = Some(d),
                Err(e) => errors.push(e),
            }
        }
        if let (Some(trade), Some(level)) = (ctrade, level) {
            certificate = Some(HeldCertificate { trade, level });
        }
    }

    match (
        full_name,
        national_id,
        phone,
        email,
        employer,
        trade,
        locale,
    ) {
        (
            Some(full_name),
            Some(national_id),
            Some(phone),
            Some(email),
            Some(employer),
            Some(trade),
            Some(locale),
        ) if errors.is_empty() => Ok(ValidApplication {
            full_name,
            national_id,
            phone,
            email,
            employer,
            facts: ApplicantFacts {
                trade,
                started_trade_on,
                certificate,
            },
            certificate_number,
            certificate_issued_on,
            processes,
            locale,
            mentor_preferences,
        }),
        _ => Err(errors),
    }
}
