//! Workshops: a title, a trade, entry rules, an assessment rubric and a
//! completion rule, all validated by the domain before they are stored.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::domain::Message;
use crate::domain::assessment::{CompletionRule, Rubric};
use crate::domain::eligibility::EntryRules;
use crate::domain::qualification::Trade;
use crate::entity::workshop;
use crate::error::{AppError, AppResult, FieldError};

#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WorkshopInput {
    pub title: String,
    pub trade: String,
    #[serde(default)]
    pub description: String,
    #[schema(value_type = Object, example = json!({"any_of": [{"all_of": [{"certificate": {"trade": "welder", "min_level": 4}}]}, {"all_of": [{"experience": {"trade": "welder", "min_years": 8}}]}]}))]
    pub entry_rules: EntryRules,
    #[schema(value_type = Object)]
    pub rubric: Rubric,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub completion: Option<CompletionRule>,
}

/// A workshop as stored, with its rules parsed.
#[derive(Debug, Clone)]
pub struct Workshop {
    pub model: workshop::Model,
    pub entry_rules: EntryRules,
    pub rubric: Rubric,
    pub completion: CompletionRule,
}

/// A workshop as the API answers it, with its entry rules in words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkshopView {
    #[serde(serialize_with = "crate::service::keys_sorted")]
    #[schema(value_type = Object)]
    pub completion: CompletionRule,
    pub created_at: chrono::DateTime<Utc>,
    pub description: String,
    #[serde(serialize_with = "crate::service::keys_sorted")]
    #[schema(value_type = Object)]
    pub entry_rules: EntryRules,
    pub entry_rules_text: crate::i18n::Bilingual,
    pub id: i64,
    #[serde(serialize_with = "crate::service::keys_sorted")]
    #[schema(value_type = Object)]
    pub rubric: Rubric,
    pub title: String,
    pub trade: String,
    pub updated_at: chrono::DateTime<Utc>,
}

impl Workshop {
    pub fn from_model(model: workshop::Model) -> AppResult<Self> {
        let bad = |what: &str, e: serde_json::Error| {
            AppError::Internal(format!("workshop {} has unreadable {what}: {e}", model.id))
        };
        let entry_rules =
            serde_json::from_str(&model.entry_rules).map_err(|e| bad("entry rules", e))?;
        let rubric = serde_json::from_str(&model.rubric).map_err(|e| bad("rubric", e))?;
        let completion =
            serde_json::from_str(&model.completion).map_err(|e| bad("completion", e))?;
        Ok(Workshop {
            model,
            entry_rules,
            rubric,
            completion,
        })
    }

    pub fn view(&self) -> WorkshopView {
        let (zh, en) = self.entry_rules.describe();
        WorkshopView {
            completion: self.completion,
            created_at: self.model.created_at,
            description: self.model.description.clone(),
            entry_rules: self.entry_rules.clone(),
            entry_rules_text: crate::i18n::Bilingual::new(zh, en),
            id: self.model.id,
            rubric: self.rubric.clone(),
            title: self.model.title.clone(),
            trade: self.model.trade.clone(),
            updated_at: self.model.updated_at,
        }
    }
}

/// Checks every part of a workshop and reports each problem under its field.
pub fn validate(input: &WorkshopInput) -> Result<(String, Trade, CompletionRule), Vec<FieldError>> {
    let mut errors = vec![];
    let title = input.title.trim().to_string();
    if title.chars().count() < 2 || title.chars().count() > 100 {
        errors.push(FieldError::new(
            "title",
            Message::keyed("title_length", "msg-title_length-2"),
        ));
    }
    let trade = Trade::parse(&input.trade).map_err(|m| errors.push(FieldError::new("trade", m)));
    if input.description.chars().count() > 5000 {
        errors.push(FieldError::new(
            "description",
            Message::of("description_length"),
        ));
    }
    if let Err(problems) = input.entry_rules.validate() {
        errors.extend(
            problems
                .into_iter()
                .map(|m| FieldError::new("entry_rules", m)),
        );
    }
    if let Err(problems) = input.rubric.validate() {
        errors.extend(problems.into_iter().map(|m| FieldError::new("rubric", m)));
    }
    let completion = input.completion.unwrap_or_default();
    if let Err(m) = completion.validate() {
        errors.push(FieldError::new("completion", m));
    }
    match trade {
        Ok(trade) if errors.is_empty() => Ok((title, trade, completion)),
        _ => Err(errors),
    }
}

pub async fn create<C: ConnectionTrait>(
    db: &C,
    actor: i64,
    input: &WorkshopInput,
) -> AppResult<Workshop> {
    let (title, trade, completion) = validate(input).map_err(AppError::Validation)?;
    let now = Utc::now();
    let model = workshop::ActiveModel {
        title: Set(title),
        trade: Set(trade.as_str().to_string()),
        description: Set(input.description.trim().to_string()),
        entry_rules: Set(to_json(&input.entry_rules)?),
        rubric: Set(to_json(&input.rubric)?),
        completion: Set(to_json(&completion)?),
        created_by: Set(Some(actor)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::audit::record(
        db,
        Some(actor),
        "workshop.create",
        "workshop",
        model.id,
        json!({}),
    )
    .await?;
    Workshop::from_model(model)
}

pub async fn update<C: ConnectionTrait>(
    db: &C,
    actor: i64,
    id: i64,
    input: &WorkshopInput,
) -> AppResult<Workshop> {
    let existing = workshop::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (title, trade, completion) = validate(input).map_err(AppError::Validation)?;
    let mut model: workshop::ActiveModel = existing.into();
    model.title = Set(title);
    model.trade = Set(trade.as_str().to_string());
    model.description = Set(input.description.trim().to_string());
    model.entry_rules = Set(to_json(&input.entry_rules)?);
    model.rubric = Set(to_json(&input.rubric)?);
    model.completion = Set(to_json(&completion)?);
    model.updated_at = Set(Utc::now());
    let model = model.update(db).await?;
    super::cohorts::forget_cached();
    super::audit::record(
        db,
        Some(actor),
        "workshop.update",
        "workshop",
        id,
        json!({}),
    )
    .await?;
    Workshop::from_model(model)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<Workshop> {
    let model = workshop::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Workshop::from_model(model)
}

pub async fn list<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Workshop>> {
    workshop::Entity::find()
        .order_by_desc(workshop::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Workshop::from_model)
        .collect()
}

fn to_json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::Internal(format!("serialize: {e}")))
}
