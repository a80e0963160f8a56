//! The assessment form of a participant, for the cohort's mentors on a
//! phone: the rubric's criteria as number boxes, a comment, and the computed
//! result after saving (organizers see it read-only).
use std::collections::HashMap;

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::fmt;
use crate::service::cohorts;
use crate::service::mentoring::assessments::{self, AssessmentInput};
use crate::service::mentoring::{
    self as mentoring, is_cohort_mentor, participant, require_roster_approved,
};
use crate::service::workshops;
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::SessionUser;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::shown;
use crate::web::pages::mentoring::floor::process_labels;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// The assessment page; `typed` keeps what was entered when saving failed.
async fn assessment_page_for(
    state: &AppState,
    base: &PageBase,
    user: &SessionUser,
    id: i64,
    typed: Option<(&AssessmentForm, &[crate::error::FieldError])>,
) -> AppResult<Answer> {
    let history = assessments::history(&state.db, actor(user), id).await?;
    let p = participant(&state.db, id).await?;
    let c = cohorts::get(&state.db, p.cohort_id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let can_assess = user.role == crate::service::accounts::Role::Mentor
        && is_cohort_mentor(&state.db, c.id, user.id).await?
        && require_roster_approved(&c).is_ok();
    let (errors, error_list) = typed
        .map(|(_, e)| shown(e, base.english(), &[]))
        .unwrap_or((json!({}), vec![]));
    let latest = history.first();
    let criteria: Vec<Value> = w
        .rubric
        .criteria
        .iter()
        .map(|cr| {
            let value = match typed {
                Some((f, _)) => f.scores.get(&cr.key).cloned().unwrap_or_default(),
                None => latest
                    .and_then(|a| a.scores.get(&cr.key))
                    .map(u32::to_string)
                    .unwrap_or_default(),
            };
            json!({"key": cr.key, "name": cr.name, "max": cr.max_points, "value": value,
                   "error": errors.get(format!("scores_{}", cr.key))})
        })
        .collect();
    // An amendment starts from the stored comment, so saving new points
    // without touching it keeps it.
    let comment = match typed {
        Some((f, _)) => f.comment.clone(),
        None => latest.map(|a| a.comment.clone()).unwrap_or_default(),
    };
    let mentor = mentoring::pairing::mentor_of_each(&state.db, c.id)
        .await?
        .get(&p.id)
        .copied();
    let mentor_name = mentoring::users_by_id(&state.db, mentor)
        .await?
        .values()
        .next()
        .map(|u| u.name.clone());
    let ctx = base
        .ctx(Some(user))
        .with("participant", json!({"id": p.id, "name": p.full_name, "employer": p.employer,
                                    "processes": process_labels(&p.processes, base.locale), "mentor": mentor_name}))
        .with("cohort", json!({"id": c.id, "name": c.name, "workshop_title": w.model.title}))
        .with("criteria", criteria)
        .with("pass_mark", w.rubric.pass_mark)
        .with("max_total", w.rubric.total_max())
        .with("comment", comment)
        .with("history", history.iter().map(|a| json!({"when": fmt::datetime(base.locale, a.recorded_at), "total": a.total, "max": a.max,
                 "passed": a.passed, "comment": a.comment, "recorded_by": a.recorded_by})).collect::<Vec<_>>())
        .with("latest", latest)
        .with("can_assess", can_assess)
        .with("error_list", error_list);
    let status = if typed.is_some() {
        Status::UnprocessableEntity
    } else {
        Status::Ok
    };
    Ok(Answer::with_status(status, "mentoring/assessment", ctx))
}

#[get("/participants/<id>/assessment")]
pub async fn assessment_page(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
) -> Answer {
    assessment_page_for(state, &base, &user, id, None)
        .await
        .unwrap_or_else(Answer::from)
}

#[derive(FromForm)]
pub struct AssessmentForm {
    pub csrf: String,
    pub scores: HashMap<String, String>,
    pub comment: String,
}

/// Points as the form sends them: a blank box is a missing score, anything
/// but a whole number is handed on as text (the rubric refuses it by name).
pub fn points_of(typed: &HashMap<String, String>) -> std::collections::BTreeMap<String, Value> {
    typed
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            let v = v.trim();
            (
                k.clone(),
                v.parse::<u64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::from(v)),
            )
        })
        .collect()
}

#[post("/participants/<id>/assessment", data = "<form>")]
pub async fn assessment_submit(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
    form: Result<csrf::CsrfForm<AssessmentForm>, crate::web::input::FormRefusal<'_>>,
) -> Answer {
    // Who may assess is settled before the form is judged.
    if let Err(e) =
        crate::service::mentoring::authorize_assessment(&state.db, actor(&user), id).await
    {
        return e.into();
    }
    let form = match form {
        Ok(form) => form,
        Err(crate::web::input::FormRefusal::Refused(e)) => return e.into(),
        Err(crate::web::input::FormRefusal::Invalid(_)) => {
            return AppError::BadRequest(crate::domain::Message::of("form_incomplete")).into();
        }
    };
    let input = AssessmentInput {
        scores: points_of(&form.scores),
        comment: form.comment.clone(),
    };
    match assessments::record(state, actor(&user), id, &input).await {
        Ok(a) => {
            let verdict = base.t(if a.passed {
                "assessment_passed"
            } else {
                "assessment_not_passed"
            });
            let args = [
                ("total", a.total.to_string()),
                ("max", a.max.to_string()),
                ("verdict", verdict),
            ];
            let text = crate::i18n::text(base.locale, "assessment_saved", &args);
            go_with(
                crate::web::paths::assessment(id),
                flash_lines("success", &[("saved".into(), text)]),
            )
        }
        Err(AppError::Validation(errs)) => {
            assessment_page_for(state, &base, &user, id, Some((&form, &errs)))
                .await
                .unwrap_or_else(Answer::from)
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![assessment_page, assessment_submit]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_points_become_numbers_blanks_go_and_words_stay_words() {
        let typed: HashMap<String, String> = [
            ("visual", " 24 "),
            ("bend", ""),
            ("theory", "-1"),
            ("x", "abc"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let p = points_of(&typed);
        assert_eq!(p.get("visual"), Some(&json!(24)));
        assert_eq!(p.get("bend"), None);
        assert_eq!(p.get("theory"), Some(&json!("-1")));
        assert_eq!(p.get("x"), Some(&json!("abc")));
    }
}
