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

    pub fn label_zh(&self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "待审核",
            ApplicationStatus::Admitted => "已录取",
            ApplicationStatus::Waitlisted => "候补",
            ApplicationStatus::Rejected => "未录取",
            ApplicationStatus::Withdrawn => "已撤回",
            ApplicationStatus::Offered => "待确认名额",
            ApplicationStatus::Declined => "已放弃名额",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending review",
            ApplicationStatus::Admitted => "admitted",
            ApplicationStatus::Waitlisted => "waitlisted",
            ApplicationStatus::Rejected => "not admitted",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Offered => "place offered",
            ApplicationStatus::Declined => "offer declined",
        }
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
            _ => Err(Message::new(
                "decision_invalid",
                "审核结果应为 admit（录取）、waitlist（候补）或 reject（不录取）",
                "The decision must be admit, waitlist or reject",
            )),
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
        return Err(Message::new(
            "application_withdrawn",
            "申请人已撤回报名，不能再审核",
            "The applicant has withdrawn; the application can no longer be decided",
        ));
    }
    if current == target {
        return Err(Message::new(
            "already_decided",
            format!("该报名已是“{}”状态", target.label_zh()),
            format!("The application is already {}", target.label_en()),
        ));
    }
    Ok(target)
}

/// Whether organizers may still decide applications: while the cohort is
/// open or closed, before the roster is approved. Error: `roster_final`.
pub fn can_decide(cohort: CohortStatus) -> Result<(), Message> {
    match cohort {
        CohortStatus::Open | CohortStatus::Closed => Ok(()),
        _ => Err(Message::new(
            "roster_final",
            format!("本期状态为“{}”，不能再审核报名", cohort.label_zh()),
            format!(
                "The cohort is {}; applications can no longer be decided",
                cohort.label_en()
            ),
        )),
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
        return Err(Message::new(
            "withdraw_not_allowed",
            format!("报名状态为“{}”，无需撤回", app.label_zh()),
            format!(
                "The application is {}; there is nothing to withdraw",
                app.label_en()
            ),
        ));
    }
    if matches!(cohort, CohortStatus::Running | CohortStatus::Completed) || today >= starts_on {
        return Err(Message::new(
            "withdraw_too_late",
            format!("本期已于{starts_on}开班，不能再撤回报名"),
            format!("The cohort started on {starts_on}; it is too late to withdraw"),
        ));
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
