use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The indexes behind the review list: one per sort order, each ending in the
/// id so that a page starts after (sort key, id) by walking the index
/// (keyset pagination), and one for the phone-suffix search. Counts by status
/// read the existing (cohort, status) index.
#[derive(DeriveIden)]
enum Applications {
    Table,
    CohortId,
    Id,
    CreatedAt,
    NameKey,
    EmployerKey,
    StartedKey,
    PhoneLast4,
}

const INDEXES: [(&str, Applications); 5] = [
    ("idx_applications_review_submitted", Applications::CreatedAt),
    ("idx_applications_review_name", Applications::NameKey),
    (
        "idx_applications_review_employer",
        Applications::EmployerKey,
    ),
    ("idx_applications_review_started", Applications::StartedKey),
    ("idx_applications_review_phone", Applications::PhoneLast4),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, col) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Applications::Table)
                        .col(Applications::CohortId)
                        .col(col)
                        .col(Applications::Id)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(Applications::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
