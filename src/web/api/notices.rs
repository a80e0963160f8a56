//! Announcements to a cohort and its outbox: the organizer writes a notice to
//! the admitted participants (optionally the mentors too), follows every notice
//! of the cohort with its delivery status, and sends a failed one again.
use chrono::{DateTime, Utc};
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::response::Redirect;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use rocket_dyn_templates::Template;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, Statement,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::domain::Message;
use crate::entity::{application, cohort, notice, workshop};
use crate::error::{AppError, AppResult, FieldError};
use crate::mail::mask_email;
use crate::mail::outbox::{self, NewNotice};
use crate::web::auth::Organizer;
use crate::web::body::Body;
use crate::web::csrf::{self, CsrfToken};
use crate::web::i18n::Locale;
use crate::web::page::base_context;
use crate::web::pages::notices::outbox::{self as outbox_view, Filter};

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;

/// An organizer's announcement to a cohort.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementRequest {
    /// 1–200 characters.
    pub subject: String,
    /// Plain text, 1–10,000 characters.
    pub body: String,
    /// Also send it to the cohort's mentors (default: participants only).
    #[serde(default)]
    pub include_mentors: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnouncementQueued {
    /// How many notices were queued (one per recipient).
    pub queued: usize,
}

/// One notice of the outbox. The address is masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub cohort_id: Option<i64>,
    /// e.g. `z***@example.com`
    pub recipient: String,
    pub recipient_name: String,
    /// `application_received`, `decision`, `promoted`, `cohort_approved`,
    /// `announcement`, `session_changed`, `session_reminder`,
    /// `assessment_recorded` or `certificate_issued`.
    pub kind: String,
    pub locale: String,
    pub subject: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<notice::Model> for NoticeView {
    fn from(n: notice::Model) -> Self {
        NoticeView {
            id: n.id,
            cohort_id: n.cohort_id,
            recipient: mask_email(&n.recipient),
            recipient_name: n.recipient_name,
            kind: n.kind,
            locale: n.locale,
            subject: n.subject,
            status: n.status,
            attempts: n.attempts,
            last_error: n.last_error,
            next_attempt_at: n.next_attempt_at,
            created_at: n.created_at,
            sent_at: n.sent_at,
        }
    }
}

fn validate(subject: &str, body: &str) -> AppResult<(String, String)> {
    let subject = subject.trim().to_string();
    let body = body.trim_end().trim_start_matches(['\r', '\n']).to_string();
    let mut fields = vec![];
    let n = subject.chars().count();
    if n == 0 {
        fields.push(FieldError::new("subject", Message::of("required")));
    } else if n > SUBJECT_MAX {
        fields.push(FieldError::new(
            "subject",
            Message::of("too_long").arg("subject_max", &SUBJECT_MAX),
        ));
    } else if subject.chars().any(char::is_control) {
        fields.push(FieldError::new("subject", Message::of("one_line")));
    }
    let n = body.chars().count();
    if body.trim().is_empty() {
        fields.push(FieldError::new(
            "body",
            Message::keyed("required", "msg-required-2"),
        ));
    } else if n > BODY_MAX {
        fields.push(FieldError::new(
            "body",
            Message::keyed("too_long", "msg-too_long-2").arg("body_max", &BODY_MAX),
        ));
    }
    if fields.is_empty() {
        Ok((subject, body))
    } else {
        Err(AppError::Validation(fields))
    }
}

async fn find_cohort<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> AppResult<(cohort::Model, Option<workshop::Model>)> {
    let Some(c) = cohort::Entity::find_by_id(id).one(conn).await? else {
        return Err(AppError::NotFound);
    };
    let w = workshop::Entity::find_by_id(c.workshop_id)
        .one(conn)
        .await?;
    Ok((c, w))
}

/// A person an announcement goes to.
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub locale: Locale,
    /// A participant's application (their announcements can be unsubscribed).
    pub application_id: Option<i64>,
}

/// The cohort's admitted participants, less those who unsubscribed.
async fn participants<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<Vec<Recipient>> {
    let rows = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq("admitted"))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    let opted_out = crate::service::unsubscribe::opted_out(conn, cohort_id).await?;
    Ok(rows
        .into_iter()
        .filter(|a| !opted_out.contains(&a.id))
        .map(|a| Recipient {
            application_id: Some(a.id),
            locale: Locale::parse(&a.locale).unwrap_or(Locale::Zh),
            email: a.email,
            name: a.full_name,
        })
        .collect())
}

/// The cohort's mentors (active accounts), in the language of their account.
async fn mentors<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<Vec<Recipient>> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT u.email AS email, u.name AS name, u.locale AS locale FROM cohort_mentors cm \
             JOIN users u ON u.id = cm.user_id WHERE cm.cohort_id = $1 AND u.active = $2 ORDER BY cm.id"
        }
        _ => {
            "SELECT u.email AS email, u.name AS name, u.locale AS locale FROM cohort_mentors cm \
             JOIN users u ON u.id = cm.user_id WHERE cm.cohort_id = ? AND u.active = ? ORDER BY cm.id"
        }
    };
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [cohort_id.into(), true.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let email: String = row.try_get("", "email")?;
        let name: String = row.try_get("", "name")?;
        let locale: String = row.try_get("", "locale")?;
        out.push(Recipient {
            email,
            name,
            locale: Locale::parse(&locale).unwrap_or(Locale::Zh),
            application_id: None,
        });
    }
    Ok(out)
}

/// Queues the announcement to every recipient in one transaction; returns how
/// many notices were queued.
pub async fn announce(
    state: &AppState,
    actor: i64,
    cohort_id: i64,
    subject: &str,
    body: &str,
    include_mentors: bool,
) -> AppResult<usize> {
    let (subject, body) = validate(subject, body)?;
    // An ID or a mobile number typed into an announcement is masked before it is kept or mailed.
    let (subject, body) = (
        crate::domain::mask::mask_free_text(&subject),
        crate::domain::mask::mask_free_text(&body),
    );
    let txn = crate::db::begin_write(&state.db).await?;
    let (c, w) = find_cohort(&txn, cohort_id).await?;
    let mut recipients = participants(&txn, c.id).await?;
    if include_mentors {
        recipients.extend(mentors(&txn, c.id).await?);
    }
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let title = w.map(|w| w.title).unwrap_or_default();
    let mut queued = 0;
    let mut seen = std::collections::HashSet::new();
    for r in recipients {
        let address = r.email.trim().to_ascii_lowercase();
        if address.is_empty() || !seen.insert(address.clone()) {
            continue;
        }
        let unsubscribe = r
            .application_id
            .map(|id| crate::service::unsubscribe::url(state, id));
        let mut prepared = outbox::prepare(
            &state.mail,
            NewNotice {
                cohort_id: Some(c.id),
                recipient: r.email.clone(),
                recipient_name: r.name.clone(),
                kind: "announcement",
                locale: r.locale,
                dedupe_key: format!("announcement:{}:{batch}:{address}", c.id),
                context: json!({
                    "name": r.name,
                    "workshop_title": title,
                    "cohort_name": c.name,
                    "subject": subject,
                    "body": body,
                    "unsubscribe_url": unsubscribe,
                }),
                calendar: None,
            },
        )?;
        if let Some(url) = unsubscribe {
            prepared.set_list_unsubscribe(url);
        }
        let new = outbox::insert_prepared(&txn, &state.mail, prepared).await?;
        queued += usize::from(new);
    }
    crate::service::audit::record(
        &txn,
        Some(actor),
        "notice.announce",
        "cohort",
        c.id,
        json!({"queued": queued, "include_mentors": include_mentors}),
    )
    .await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(queued)
}

/// Write an announcement to the cohort's admitted participants (and, if asked,
/// its mentors). Each gets it in their own language's frame, by email.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/notices", tag = "notices",
    params(("id" = i64, Path, description = "Cohort id")),
    request_body = AnnouncementRequest,
    responses((status = 202, description = "Queued", body = AnnouncementQueued),
              (status = 401, description = "Not signed in"),
              (status = 403, description = "Not an organizer"),
              (status = 404, description = "No such cohort"),
              (status = 422, description = "`validation` with `fields` (subject 1–200, body 1–10,000 characters)")))]
#[post("/api/v1/cohorts/<id>/notices", data = "<body>")]
pub async fn api_announce(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<AnnouncementRequest>,
) -> AppResult<(Status, Json<AnnouncementQueued>)> {
    let b = body.0;
    let queued = announce(state, org.0.id, id, &b.subject, &b.body, b.include_mentors).await?;
    Ok((Status::Accepted, Json(AnnouncementQueued { queued })))
}

/// Every notice of the cohort, of every kind, newest first, with its delivery
/// status and tries.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/notices", tag = "notices",
    params(("id" = i64, Path, description = "Cohort id")),
    responses((status = 200, body = [NoticeView]),
              (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/notices")]
pub async fn api_list(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
) -> AppResult<Json<Vec<NoticeView>>> {
    find_cohort(&state.db, id).await?;
    let rows = outbox::list_for_cohort(&state.db, id).await?;
    Ok(Json(rows.into_iter().map(NoticeView::from).collect()))
}

/// Put a failed notice back in the queue (it is tried again at once).
#[utoipa::path(post, path = "/api/v1/notices/{id}/resend", tag = "notices",
    params(("id" = i64, Path, description = "Notice id")),
    responses((status = 200, body = NoticeView),
              (status = 401), (status = 403), (status = 404),
              (status = 409, description = "`not_failed`: only a failed notice can be resent")))]
#[post("/api/v1/notices/<id>/resend")]
pub async fn api_resend(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<NoticeView>> {
    let n = resend(state, org.0.id, id).await?;
    Ok(Json(n.into()))
}

async fn resend(state: &AppState, actor: i64, id: i64) -> AppResult<notice::Model> {
    let txn = state.db.begin().await?;
    let n = outbox::resend(&txn, &state.mail, id).await?;
    crate::service::audit::record(&txn, Some(actor), "notice.resend", "notice", id, json!({}))
        .await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(n)
}

// ------------------------------------------------------------------ pages

#[allow(clippy::too_many_arguments)]
async fn outbox_page(
    state: &AppState,
    locale: Locale,
    org: &Organizer,
    csrf: String,
    id: i64,
    form: Value,
    errors: Value,
    queued: Option<usize>,
    filter: &Filter,
) -> AppResult<Template> {
    let (c, w) = find_cohort(&state.db, id).await?;
    let rows = outbox::list_for_cohort(&state.db, id).await?;
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for n in &rows {
        *counts.entry(n.status.clone()).or_default() += 1;
    }
    let admitted = participants(&state.db, id).await?.len();
    let ctx = base_context(locale, Some(&org.0))
        .with("csrf", csrf)
        .with("current_path", crate::web::paths::outbox(id, None))
        .with(
            "cohort",
            json!({"id": c.id, "name": c.name, "status": c.status}),
        )
        .with("workshop_title", w.map(|w| w.title).unwrap_or_default())
        .with("outbox", outbox_view::view(locale, &rows, filter))
        .with(
            "counts",
            counts
                .into_iter()
                .map(|(s, n)| json!({"label": outbox_view::status_label(&s, locale), "n": n}))
                .collect::<Vec<_>>(),
        )
        .with("admitted", admitted)
        .with("form", form)
        .with("errors", errors)
        .with("queued", queued)
        .with("smtp", state.mail.smtp_url.is_some())
        .with("subject_max", SUBJECT_MAX)
        .with("body_max", BODY_MAX);
    Ok(Template::render("notices/outbox", ctx.into_json()))
}

/// The cohort's outbox: every notice with its status, a resend button for the
/// failed ones, and a form for an announcement.
#[get("/cohorts/<id>/outbox?<queued>&<kind>&<status>")]
#[allow(clippy::too_many_arguments)]
pub async fn outbox_get(
    state: &State<AppState>,
    locale: Locale,
    org: Organizer,
    csrf: CsrfToken,
    id: i64,
    queued: Option<usize>,
    kind: Option<&str>,
    status: Option<&str>,
) -> AppResult<Template> {
    let form = json!({"subject": "", "body": "", "include_mentors": false});
    let filter = Filter::parse(kind, status);
    outbox_page(
        state,
        locale,
        &org,
        csrf.0,
        id,
        form,
        json!({}),
        queued,
        &filter,
    )
    .await
}

#[derive(FromForm)]
pub struct AnnouncementForm<'r> {
    pub csrf: &'r str,
    pub subject: &'r str,
    pub body: &'r str,
    pub include_mentors: bool,
}

/// What the announcement form gets back: to the outbox when queued, the page
/// again with the reasons when the input is wrong, an error otherwise.
#[derive(rocket::Responder)]
pub enum AnnounceReply {
    Queued(Redirect),
    Invalid((Status, Template)),
    Failed(AppError),
}

#[post("/cohorts/<id>/outbox", data = "<form>")]
pub async fn outbox_announce(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
    locale: Locale,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<AnnouncementForm<'_>>,
) -> AnnounceReply {
    let result = announce(
        state,
        org.0.id,
        id,
        form.subject,
        form.body,
        form.include_mentors,
    )
    .await;
    match result {
        Ok(n) => AnnounceReply::Queued(Redirect::to(crate::web::paths::outbox(id, Some(n)))),
        Err(AppError::Validation(fields)) => {
            let english = locale.is_english();
            let errors: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| (f.field.clone(), json!(f.message.text(english))))
                .collect();
            let values = json!({"subject": form.subject, "body": form.body, "include_mentors": form.include_mentors});
            let page = outbox_page(
                state,
                locale,
                &org,
                csrf::token_for(cookies, state.settings.secure_cookies()),
                id,
                values,
                Value::Object(errors),
                None,
                &Filter::default(),
            )
            .await;
            match page {
                Ok(t) => AnnounceReply::Invalid((Status::UnprocessableEntity, t)),
                Err(e) => AnnounceReply::Failed(e),
            }
        }
        Err(e) => AnnounceReply::Failed(e),
    }
}

#[derive(FromForm)]
pub struct ResendForm<'r> {
    pub csrf: &'r str,
}

#[post("/notices/<id>/resend", data = "<_form>")]
pub async fn resend_submit(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<ResendForm<'_>>,
) -> AppResult<Redirect> {
    let n = resend(state, org.0.id, id).await?;
    Ok(Redirect::to(match n.cohort_id {
        Some(c) => crate::web::paths::outbox(c, None),
        None => "/dashboard".into(),
    }))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        api_announce,
        api_list,
        api_resend,
        outbox_get,
        outbox_announce,
        resend_submit
    ]
}
