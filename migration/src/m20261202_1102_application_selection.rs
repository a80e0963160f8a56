use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What selection records on an application: its draw tier, ticket, rank and
/// outcome at the draw,
/// the nomination code it used, an open offer's deadline, and why an offer
/// ended (`declined` or `expired`). SQLite adds one column per statement.
#[derive(DeriveIden)]
enum Applications {
    Table,
    DrawTier,
    DrawTicket,
    DrawRank,
    DrawOutcome,
    NominationId,
    OfferExpiresAt,
    DeclineReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            integer_null(Applications::DrawTier),
            string_len_null(Applications::DrawTicket, 64),
            integer_null(Applications::DrawRank),
            string_len_null(Applications::DrawOutcome, 16),
            big_integer_null(Applications::NominationId),
            timestamp_with_time_zone_null(Applications::OfferExpiresAt),
            string_len_null(Applications::DeclineReason, 16),
        ];
        for mut col in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Applications::DrawTier,
            Applications::DrawTicket,
            Applications::DrawRank,
            Applications::DrawOutcome,
            Applications::NominationId,
            Applications::OfferExpiresAt,
            Applications::DeclineReason,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
