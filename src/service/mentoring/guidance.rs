//! The guidance log: a cohort's mentors record one-to-one guidance
//! for a participant, with the test piece and its photos. The cohort's staff
//! read every entry; the participant reads their own through their status
//! link; nobody else reads any.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use validator::Validate;

use super::photo::{self, StoredPhoto};
use super::{
    Actor, participant, person, require_mentor_of, require_roster_approved, require_staff_of,
    users_by_id,
};
use crate::AppState;
use crate::crypto::DataKeys;
use crate::domain::Message;
use crate::domain::guidance::{
    self as rules, MAX_PHOTOS_PER_ENTRY, Position, RawCoupon, Thickness,
};
use crate::entity::{application, cohort_session, guidance_entry, guidance_photo};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::{applications, audit, cohorts};

/// At most every defect of the list once, as `validator` counts.
const MAX_DEFECTS_LEN: u64 = crate::domain::guidance::Defect::ALL.len() as u64;

/// The test piece as the API takes it; every part optional.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CouponInput {
    /// A welding process code (`SMAW`, `GMAW`, `GTAW`, `FCAW`, `SAW`; `TIG`, `MAG` too).
    #[serde(default)]
    pub process: Option<String>,
    /// ISO 6947 (`PF`) or ASME (`3G`); stored as ISO.
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub material: Option<String>,
    #[serde(default)]
    pub thickness_mm: Option<f64>,
    /// `pass`, `fail` or `practice`.
    #[serde(default)]
    pub result: Option<String>,
    /// Codes of the fixed list (`porosity`, `undercut`…).
    #[serde(default)]
    #[validate(length(max = MAX_DEFECTS_LEN))]
    pub defects: Vec<String>,
    /// The thickness as a form typed it (pages only).
    #[serde(skip)]
    pub thickness_text: Option<String>,
}

/// A guidance entry.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GuidanceInput {
    /// A session of the participant's cohort, or null.
    #[serde(default)]
    #[validate(range(min = 1))]
    pub session_id: Option<i64>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    #[validate(nested)]
    pub coupon: Option<CouponInput>,
}

/// The test piece of an entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CouponView {
    pub process: Option<String>,
    pub position_iso: Option<String>,
    /// The ASME names of the position (`3G/3F`), null where ASME has none.
    pub position_asme: Option<String>,
    pub material: Option<String>,
    pub thickness_mm: Option<f64>,
    pub result: Option<String>,
    pub defects: Vec<String>,
}

/// A stored photo and the address its reader opens it at.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhotoView {
    pub id: i64,
    pub url: String,
    pub width: i32,
    pub height: i32,
}

/// One entry of the log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GuidanceView {
    pub id: i64,
    pub participant_id: i64,
    pub cohort_id: i64,
    pub session_id: Option<i64>,
    pub session_title: Option<String>,
    pub note: String,
    pub coupon: Option<CouponView>,
    pub photos: Vec<PhotoView>,
    /// `{user_id, name, email}` of the mentor (email left out for the participant).
    #[schema(value_type = Object)]
    pub recorded_by: Value,
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: DateTime<Utc>,
}

/// Where a reader opens a photo: staff by their session, the participant
/// through their status link.
#[derive(Debug, Clone, Copy)]
pub enum PhotoAddress<'a> {
    Staff,
    Applicant {
        reference: &'a str,
        token: &'a str,
    },
    /// A file beside the page (the cohort archive).
    Archive,
}

impl PhotoAddress<'_> {
    pub fn url(&self, id: i64) -> String {
        match self {
            PhotoAddress::Staff => crate::links::staff_photo_path(id),
            PhotoAddress::Applicant { reference, token } => {
                crate::links::applicant_photo_path(reference, token, id)
            }
            PhotoAddress::Archive => format!("../photos/{id}.jpg"),
        }
    }
}

fn coupon_view(e: &guidance_entry::Model) -> Option<CouponView> {
    let defects: Vec<String> = serde_json::from_str(&e.defects).unwrap_or_default();
    let position = e.position.as_deref().and_then(|p| Position::parse(p).ok());
    let thickness = e
        .thickness_tenth_mm
        .and_then(|t| u32::try_from(t).ok())
        .map(|t| Thickness::from_tenths(t).mm());
    let empty = e.process.is_none()
        && position.is_none()
        && e.material.is_none()
        && thickness.is_none()
        && e.result.is_none()
        && defects.is_empty();
    (!empty).then(|| CouponView {
        process: e.process.clone(),
        position_iso: position.map(|p| p.iso().to_string()),
        position_asme: position.and_then(Position::asme_text),
        material: e.material.clone(),
        thickness_mm: thickness,
        result: e.result.clone(),
        defects,
    })
}

/// The photos of some entries, without their bytes: (id, entry, width, height).
async fn photo_rows<C: ConnectionTrait>(
    db: &C,
    entry_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<(i64, i32, i32)>>> {
    let mut out: HashMap<i64, Vec<(i64, i32, i32)>> = HashMap::new();
    if entry_ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(i64, i64, i32, i32)> = guidance_photo::Entity::find()
        .select_only()
        .column(guidance_photo::Column::Id)
        .column(guidance_photo::Column::EntryId)
        .column(guidance_photo::Column::Width)
        .column(guidance_photo::Column::Height)
        .filter(guidance_photo::Column::EntryId.is_in(entry_ids.to_vec()))
        .order_by_asc(guidance_photo::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for (id, entry, w, h) in rows {
        out.entry(entry).or_default().push((id, w, h));
    }
    Ok(out)
}

/// Views of entries, newest first; `with_email` false leaves the mentor's
/// email out (the participant's view).
async fn views<C: ConnectionTrait>(
    db: &C,
    entries: Vec<guidance_entry::Model>,
    address: PhotoAddress<'_>,
    with_email: bool,
) -> AppResult<Vec<GuidanceView>> {
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let photos = photo_rows(db, &ids).await?;
    let users = users_by_id(db, entries.iter().map(|e| e.recorded_by)).await?;
    let session_ids: Vec<i64> = entries.iter().filter_map(|e| e.session_id).collect();
    let sessions: HashMap<i64, String> = if session_ids.is_empty() {
        HashMap::new()
    } else {
        cohort_session::Entity::find()
            .filter(cohort_session::Column::Id.is_in(session_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.title))
            .collect()
    };
    Ok(entries
        .iter()
        .map(|e| {
            let mut by = person(&users, Some(e.recorded_by));
            if !with_email && let Value::Object(map) = &mut by {
                map.remove("email");
            }
            GuidanceView {
                id: e.id,
                participant_id: e.participant_id,
                cohort_id: e.cohort_id,
                session_id: e.session_id,
                session_title: e.session_id.and_then(|s| sessions.get(&s).cloned()),
                note: e.note.clone(),
                coupon: coupon_view(e),
                photos: photos
                    .get(&e.id)
                    .map(|list| {
                        list.iter()
                            .map(|(id, w, h)| PhotoView {
                                id: *id,
                                url: address.url(*id),
                                width: *w,
                                height: *h,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                recorded_by: by,
                recorded_at: e.recorded_at,
            }
        })
        .collect())
}

async fn entries_of<C: ConnectionTrait>(
    db: &C,
    column: guidance_entry::Column,
    id: i64,
) -> AppResult<Vec<guidance_entry::Model>> {
    Ok(guidance_entry::Entity::find()
        .filter(column.eq(id))
        .order_by_desc(guidance_entry::Column::RecordedAt)
        .order_by_desc(guidance_entry::Column::Id)
        .all(db)
        .await?)
}

fn field_errors(errs: Vec<(String, Message)>) -> AppError {
    AppError::Validation(
        errs.into_iter()
            .map(|(f, m)| FieldError::new(f, m))
            .collect(),
    )
}

fn too_many_photos() -> Message {
    Message::of("too_many_photos")
}

/// Whether `actor` may write a participant's log (the cohort's mentors),
/// checked before a request body is read.
pub async fn authorize_record<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    participant_id: i64,
) -> AppResult<()> {
    let p = participant(db, participant_id).await?;
    require_mentor_of(db, p.cohort_id, actor).await
}

/// Whether `actor` may add photos to an entry (the cohort's mentors).
pub async fn authorize_photo<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    entry_id: i64,
) -> AppResult<guidance_entry::Model> {
    let e = guidance_entry::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_mentor_of(db, e.cohort_id, actor).await?;
    Ok(e)
}

/// Records an entry with its photos, all or nothing: only the cohort's
/// mentors (403), from the roster's approval on (409); a bad field or a
/// file that is not a photo is 422 and nothing is saved.
pub async fn record(
    state: &AppState,
    actor: Actor,
    participant_id: i64,
    input: &GuidanceInput,
    photos: Vec<Vec<u8>>,
) -> AppResult<GuidanceView> {
    let db = &state.db;
    let p = participant(db, participant_id).await?;
    let c = cohorts::get(db, p.cohort_id).await?;
    require_mentor_of(db, c.id, actor).await?;
    require_roster_approved(&c)?;
    let coupon = input.coupon.clone().unwrap_or_default();
    let raw = RawCoupon {
        process: coupon.process.as_deref(),
        position: coupon.position.as_deref(),
        material: coupon.material.as_deref(),
        thickness_mm: coupon.thickness_mm,
        thickness_text: coupon.thickness_text.as_deref(),
        result: coupon.result.as_deref(),
        defects: &coupon.defects,
    };
    let mut errors = match rules::check_entry(&input.note, &raw) {
        Ok(_) => vec![],
        Err(e) => e,
    };
    if let Some(s) = input.session_id {
        let in_cohort = cohort_session::Entity::find_by_id(s)
            .one(db)
            .await?
            .is_some_and(|s| s.cohort_id == c.id);
        if !in_cohort {
            errors.push(("session_id".into(), Message::of("session_not_in_cohort")));
        }
    }
    if photos.len() > MAX_PHOTOS_PER_ENTRY {
        errors.push(("photos".into(), too_many_photos()));
    }
    if !errors.is_empty() {
        return Err(field_errors(errors));
    }
    let entry = rules::check_entry(&input.note, &raw).map_err(field_errors)?;
    let mut stored: Vec<StoredPhoto> = vec![];
    for bytes in photos {
        match photo::reencode_blocking(bytes).await {
            Ok(s) => stored.push(s),
            Err(AppError::Unprocessable(m)) => return Err(AppError::field("photos", m)),
            Err(e) => return Err(e),
        }
    }

    let now = crate::mail::outbox::now();
    let txn = crate::db::begin_write(db).await?;
    let defects: Vec<&str> = entry.coupon.defects.iter().map(|d| d.code()).collect();
    let e = guidance_entry::ActiveModel {
        cohort_id: Set(c.id),
        participant_id: Set(p.id),
        session_id: Set(input.session_id),
        note: Set(entry.note.clone()),
        process: Set(entry.coupon.process.map(|p| p.code().to_string())),
        position: Set(entry.coupon.position.map(|p| p.iso().to_string())),
        material: Set(entry.coupon.material.clone()),
        thickness_tenth_mm: Set(entry
            .coupon
            .thickness
            .and_then(|t| i32::try_from(t.tenths()).ok())),
        result: Set(entry.coupon.result.map(|r| r.as_str().to_string())),
        defects: Set(json!(defects).to_string()),
        recorded_by: Set(actor.id),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut photo_ids = vec![];
    for s in stored {
        photo_ids.push(insert_photo(&txn, &e, s, actor.id).await?);
    }
    let detail = json!({"participant_id": p.id, "session_id": input.session_id,
                        "result": e.result, "photos": photo_ids});
    audit::record(
        &txn,
        Some(actor.id),
        "guidance.record",
        "guidance_entry",
        e.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    let mut list = views(db, vec![e], PhotoAddress::Staff, true).await?;
    list.pop()
        .ok_or_else(|| AppError::Internal("guidance entry vanished".into()))
}

async fn insert_photo<C: ConnectionTrait>(
    db: &C,
    e: &guidance_entry::Model,
    s: StoredPhoto,
    by: i64,
) -> AppResult<i64> {
    let size = i32::try_from(s.jpeg.len()).unwrap_or(i32::MAX);
    let row = guidance_photo::ActiveModel {
        entry_id: Set(e.id),
        cohort_id: Set(e.cohort_id),
        participant_id: Set(e.participant_id),
        content_type: Set("image/jpeg".into()),
        width: Set(i32::try_from(s.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(s.height).unwrap_or(i32::MAX)),
        byte_size: Set(size),
        bytes: Set(s.jpeg),
        created_by: Set(by),
        created_at: Set(crate::mail::outbox::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Adds one photo to an entry (the cohort's mentors): 422 not a JPEG or
/// PNG, 413 over 10 MB, 422 beyond 12 photos.
pub async fn add_photo(
    state: &AppState,
    actor: Actor,
    entry_id: i64,
    bytes: Vec<u8>,
) -> AppResult<PhotoView> {
    let db = &state.db;
    let e = authorize_photo(db, actor, entry_id).await?;
    let has = guidance_photo::Entity::find()
        .filter(guidance_photo::Column::EntryId.eq(e.id))
        .count(db)
        .await?;
    if usize::try_from(has).unwrap_or(usize::MAX) >= MAX_PHOTOS_PER_ENTRY {
        return Err(AppError::field("file", too_many_photos()));
    }
    let stored = match photo::reencode_blocking(bytes).await {
        Err(AppError::Unprocessable(m)) => return Err(AppError::field("file", m)),
        other => other?,
    };
    let (width, height) = (stored.width, stored.height);
    let txn = crate::db::begin_write(db).await?;
    let id = insert_photo(&txn, &e, stored, actor.id).await?;
    let detail = json!({"entry_id": e.id, "participant_id": e.participant_id});
    audit::record(
        &txn,
        Some(actor.id),
        "guidance.photo_add",
        "guidance_photo",
        id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(PhotoView {
        id,
        url: PhotoAddress::Staff.url(id),
        width: i32::try_from(width).unwrap_or(i32::MAX),
        height: i32::try_from(height).unwrap_or(i32::MAX),
    })
}

/// A participant's log, newest first (organizers and the cohort's mentors).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    participant_id: i64,
) -> AppResult<Vec<GuidanceView>> {
    let p = participant(db, participant_id).await?;
    require_staff_of(db, p.cohort_id, actor).await?;
    let entries = entries_of(db, guidance_entry::Column::ParticipantId, p.id).await?;
    views(db, entries, PhotoAddress::Staff, true).await
}

/// Every entry of a cohort by participant, newest first (for staff pages
/// and the archive; the caller has checked who reads).
pub async fn of_cohort<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    address: PhotoAddress<'_>,
) -> AppResult<HashMap<i64, Vec<GuidanceView>>> {
    let entries = entries_of(db, guidance_entry::Column::CohortId, cohort_id).await?;
    let mut out: HashMap<i64, Vec<GuidanceView>> = HashMap::new();
    for v in views(db, entries, address, true).await? {
        out.entry(v.participant_id).or_default().push(v);
    }
    Ok(out)
}

/// The applicant's own log, through their status link (404 for a wrong
/// token; an application that is not a participant has an empty log).
pub async fn of_applicant<C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    reference: &str,
    token: &str,
) -> AppResult<Vec<GuidanceView>> {
    let app = applications::by_reference(db, keys, reference, token).await?;
    of_application(db, &app, token).await
}

/// The log of an application already opened by its status link.
pub async fn of_application<C: ConnectionTrait>(
    db: &C,
    app: &application::Model,
    token: &str,
) -> AppResult<Vec<GuidanceView>> {
    let entries = entries_of(db, guidance_entry::Column::ParticipantId, app.id).await?;
    let address = PhotoAddress::Applicant {
        reference: &app.reference,
        token,
    };
    views(db, entries, address, false).await
}

/// A photo's JPEG for the cohort's staff (403 for anyone else).
pub async fn photo_for_staff<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    photo_id: i64,
) -> AppResult<Vec<u8>> {
    let p = guidance_photo::Entity::find_by_id(photo_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_staff_of(db, p.cohort_id, actor).await?;
    Ok(p.bytes)
}

/// A photo's JPEG for the participant it shows the work of (404 for any
/// other status link).
pub async fn photo_for_applicant<C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    reference: &str,
    token: &str,
    photo_id: i64,
) -> AppResult<Vec<u8>> {
    let app = applications::by_reference(db, keys, reference, token).await?;
    let p = guidance_photo::Entity::find_by_id(photo_id)
        .one(db)
        .await?
        .filter(|p| p.participant_id == app.id)
        .ok_or(AppError::NotFound)?;
    Ok(p.bytes)
}

/// Every photo of a cohort, for the archive: (id, JPEG).
pub async fn photos_of_cohort<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<(i64, Vec<u8>)>> {
    Ok(guidance_photo::Entity::find()
        .filter(guidance_photo::Column::CohortId.eq(cohort_id))
        .order_by_asc(guidance_photo::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.bytes))
        .collect())
}
