use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Entry rules, rubric and completion rule are stored as JSON text: they are data
/// the organizer defines, validated by the domain layer on the way in.
#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
    Title,
    Trade,
    Description,
    EntryRules,
    Rubric,
    Completion,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Workshops::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Workshops::Id))
                    .col(string_len(Workshops::Title, 200))
                    .col(string_len(Workshops::Trade, 32))
                    .col(text(Workshops::Description).default(""))
                    .col(text(Workshops::EntryRules))
                    .col(text(Workshops::Rubric))
                    .col(text(Workshops::Completion))
                    .col(big_integer_null(Workshops::CreatedBy))
                    .col(timestamp_with_time_zone(Workshops::CreatedAt))
                    .col(timestamp_with_time_zone(Workshops::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Workshops::Table).to_owned())
            .await
    }
}
