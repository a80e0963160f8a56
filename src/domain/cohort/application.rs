//! Application states, organizers' decisions and withdrawal.

use super::CohortStatus;
use crate::domain::Message;
use chrono::NaiveDate;

/// Where an application stands: pending (eligible, awaiting review) →
/// admitted | waitlisted | rejected; withdrawn by the applicant. A place given
/// by a draw or from the waitlist is first `offered` (until a deadline), then
/// `admitted` when accepted or `declined` (refused, or the deadline passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationStatus {
    Pending,
    Admitted,
    Waitlisted,
    Rejected,
    Withdrawn,
    Offered,
    Declined,
}

impl ApplicationStatus {
    /// Every state.
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Admitted,
        ApplicationStatus::Waitlisted,
        ApplicationStatus::Rejected,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Offered,
        ApplicationStatus::Declined,
    ];

    /// Whether the application holds one of the cohort's places (the
    /// capacity counter counts admitted and open offers alike).
    pub fn holds_place(&self) -> bool {
        matches!(
            self,
            ApplicationStatus::Admitted | ApplicationStatus::Offered
        )
    }

    /// The lower-case word used in the API and the database, e.g. `"waitlisted"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Admitted => "admitted",
            ApplicationStatus::Waitlisted => "waitlisted",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Offered => "offered",
            ApplicationStatus::Declined => "declined",
        }
    }

    /// The state named by its exact lower-case word.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "application-status-pending",
            ApplicationStatus::Admitted => "application-status-admitted",
            ApplicationStatus::Waitlisted => "application-status-waitlisted",
            ApplicationStatus::Rejected => "application-status-rejected",
            ApplicationStatus::Withdrawn => "application-status-withdrawn",
            ApplicationStatus::Offered => "application-status-offered",
            ApplicationStatus::Declined => "application-status-declined",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }
}

impl std::fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An organizer's decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Admit,
    Waitlist,
    Reject,
}

impl Decision {
    /// Parses `"admit"`, `"waitlist"` or `"reject"`. Error: `decision_invalid`.
    pub fn parse(s: &str) -> Result<Self, Message> {
        match s {
            "admit" => Ok(Decision::Admit),
            "waitlist" => Ok(Decision::Waitlist),
            "reject" => Ok(Decision::Reject),
            _ => Err(Message::of("decision_invalid")),
        }
    }

    /// The word the API uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Admit => "admit",
            Decision::Waitlist => "waitlist",
            Decision::Reject => "reject",
        }
    }

    /// The application state this decision leads to.
    pub fn outcome(&self) -> ApplicationStatus {
        match self {
            Decision::Admit => ApplicationStatus::Admitted,
            Decision::Waitlist => ApplicationStatus::Waitlisted,
            Decision::Reject => ApplicationStatus::Rejected,
        }
    }
}

/// The state after an organizer's decision. Any decided or pending
/// application may be re-decided (the caller checks with [`can_decide`] that
/// the roster is not final; capacity is the caller's too). Errors:
/// `application_withdrawn`, `already_decided` (already in that state).
pub fn decide(
    current: ApplicationStatus,
    decision: Decision,
) -> Result<ApplicationStatus, Message> {
    let target = decision.outcome();
    if current == ApplicationStatus::Withdrawn {
        return Err(Message::of("application_withdrawn"));
    }
    if current == target {
        return Err(Message::of("already_decided").arg_key("target", target.label_key()));
    }
    Ok(target)
}

/// Whether organizers may still decide applications: while the cohort is
/// open or closed, before the roster is approved. Error: `roster_final`.
pub fn can_decide(cohort: CohortStatus) -> Result<(), Message> {
    match cohort {
        CohortStatus::Open | CohortStatus::Closed => Ok(()),
        _ => Err(Message::of("roster_final").arg_key("cohort", cohort.label_key())),
    }
}

/// Whether the applicant may withdraw: a pending, admitted or waitlisted
/// application, in a cohort that is not running, finished or cancelled,
/// strictly before the start date. Errors: `withdraw_not_allowed`,
/// `withdraw_too_late`.
pub fn can_withdraw(
    app: ApplicationStatus,
    cohort: CohortStatus,
    today: NaiveDate,
    starts_on: NaiveDate,
) -> Result<(), Message> {
    let open_state = matches!(
        app,
        ApplicationStatus::Pending
            | ApplicationStatus::Admitted
            | ApplicationStatus::Waitlisted
            | ApplicationStatus::Offered
    );
    if !open_state || cohort == CohortStatus::Cancelled {
        return Err(Message::of("withdraw_not_allowed").arg_key("app", app.label_key()));
    }
    if matches!(cohort, CohortStatus::Running | CohortStatus::Completed) || today >= starts_on {
        return Err(Message::of("withdraw_too_late").arg("starts_on", &starts_on));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn decide_table() {
        use Decision::*;
        let cases = [
            (Pending, Admit, Ok(Admitted)),
            (Pending, Waitlist, Ok(Waitlisted)),
            (Pending, Reject, Ok(Rejected)),
            (Waitlisted, Admit, Ok(Admitted)),
            (Waitlisted, Reject, Ok(Rejected)),
            (Admitted, Waitlist, Ok(Waitlisted)),
            (Admitted, Reject, Ok(Rejected)),
            (Rejected, Admit, Ok(Admitted)),
            (Rejected, Waitlist, Ok(Waitlisted)),
            (Admitted, Admit, Err("already_decided")),
            (Waitlisted, Waitlist, Err("already_decided")),
            (Rejected, Reject, Err("already_decided")),
            (Withdrawn, Admit, Err("application_withdrawn")),
            (Withdrawn, Waitlist, Err("application_withdrawn")),
            (Withdrawn, Reject, Err("application_withdrawn")),
        ];
        for (current, decision, expected) in cases {
            let got = decide(current, decision).map_err(|m| m.code);
            assert_eq!(got, expected, "{current} + {decision:?}");
        }
    }

    #[test]
    fn decision_words_parse_and_others_are_refused() {
        for d in [Decision::Admit, Decision::Waitlist, Decision::Reject] {
            assert_eq!(Decision::parse(d.as_str()), Ok(d));
        }
        for bad in ["", "Admit", "accept", "admitted"] {
            assert_eq!(
                Decision::parse(bad).map_err(|m| m.code),
                Err("decision_invalid")
            );
        }
    }

    #[test]
    fn decisions_only_while_the_roster_is_not_final() {
        for c in CohortStatus::ALL {
            let expected = matches!(c, CohortStatus::Open | CohortStatus::Closed);
            assert_eq!(can_decide(c).is_ok(), expected, "{c}");
        }
    }

    #[test]
    fn can_withdraw_table() {
        let d = |day| NaiveDate::from_ymd_opt(2024, 7, day).unwrap();
        let start = d(15);
        let cases = [
            (Pending, CohortStatus::Open, d(1), Ok(())),
            (Admitted, CohortStatus::Approved, d(14), Ok(())),
            (Waitlisted, CohortStatus::Closed, d(14), Ok(())),
            (Offered, CohortStatus::Closed, d(14), Ok(())),
            (
                Declined,
                CohortStatus::Closed,
                d(14),
                Err("withdraw_not_allowed"),
            ),
            (
                Admitted,
                CohortStatus::Approved,
                d(15),
                Err("withdraw_too_late"),
            ),
            (
                Admitted,
                CohortStatus::Approved,
                d(16),
                Err("withdraw_too_late"),
            ),
            (
                Admitted,
                CohortStatus::Running,
                d(10),
                Err("withdraw_too_late"),
            ),
            (
                Admitted,
                CohortStatus::Completed,
                d(10),
                Err("withdraw_too_late"),
            ),
            (
                Admitted,
                CohortStatus::Cancelled,
                d(10),
                Err("withdraw_not_allowed"),
            ),
            (
                Rejected,
                CohortStatus::Approved,
                d(10),
                Err("withdraw_not_allowed"),
            ),
            (
                Withdrawn,
                CohortStatus::Open,
                d(1),
                Err("withdraw_not_allowed"),
            ),
        ];
        for (app, cohort, today, expected) in cases {
            let got = can_withdraw(app, cohort, today, start).map_err(|m| m.code);
            assert_eq!(got, expected, "{app} in {cohort} on {today}");
        }
    }

    #[test]
    fn application_words_round_trip() {
        for a in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(a.as_str()), Some(a));
        }
        assert_eq!(ApplicationStatus::parse("Pending"), None);
    }
}
