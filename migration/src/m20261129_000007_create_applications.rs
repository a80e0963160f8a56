use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The national ID is never stored in clear: `national_id_enc` holds it sealed
/// with AES-256-GCM, `national_id_hmac` a keyed hash for the one-per-cohort rule
/// (enforced by a unique index, so concurrent duplicates cannot both land).
#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    CohortId,
    Reference,
    Status,
    FullName,
    NationalIdEnc,
    NationalIdHmac,
    NationalIdMasked,
    Phone,
    Email,
    Employer,
    Trade,
    StartedTradeOn,
    Certificate,
    Processes,
    Locale,
    ConsentAt,
    EligibilityBasis,
    StatusTokenHash,
    WaitlistPosition,
    DecisionNote,
    DecidedBy,
    DecidedAt,
    WithdrawnAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Applications::Id))
                    .col(big_integer(Applications::CohortId))
                    .col(string_len_uniq(Applications::Reference, 32))
                    .col(string_len(Applications::Status, 16))
                    .col(string_len(Applications::FullName, 80))
                    .col(text(Applications::NationalIdEnc))
                    .col(string_len(Applications::NationalIdHmac, 64))
                    .col(string_len(Applications::NationalIdMasked, 18))
                    .col(string_len(Applications::Phone, 20))
                    .col(string_len(Applications::Email, 254))
                    .col(string_len(Applications::Employer, 160))
                    .col(string_len(Applications::Trade, 32))
                    .col(date_null(Applications::StartedTradeOn))
                    .col(text_null(Applications::Certificate))
                    .col(text(Applications::Processes))
                    .col(string_len(Applications::Locale, 8))
                    .col(timestamp_with_time_zone(Applications::ConsentAt))
                    .col(string_len(Applications::EligibilityBasis, 64))
                    .col(string_len(Applications::StatusTokenHash, 64))
                    .col(integer_null(Applications::WaitlistPosition))
                    .col(text_null(Applications::DecisionNote))
                    .col(big_integer_null(Applications::DecidedBy))
                    .col(timestamp_with_time_zone_null(Applications::DecidedAt))
                    .col(timestamp_with_time_zone_null(Applications::WithdrawnAt))
                    .col(timestamp_with_time_zone(Applications::CreatedAt))
                    .col(timestamp_with_time_zone(Applications::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::CohortId)
                            .to(Cohorts::Table, Cohorts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_applications_cohort_person")
                    .table(Applications::Table)
                    .col(Applications::CohortId)
                    .col(Applications::NationalIdHmac)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_applications_cohort_status")
                    .table(Applications::Table)
                    .col(Applications::CohortId)
                    .col(Applications::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Applications::Table).to_owned())
            .await
    }
}
