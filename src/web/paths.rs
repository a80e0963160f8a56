//! Every link a page handler builds to another page, in one place, with
//! Rocket's `uri!` over the route itself: a route whose path or parameters
//! change breaks the build here, not a link at run time. Links that the
//! service and mail layers need (the status link, the reset link, photo
//! addresses, and the sign-in page the error responder sends to) are built
//! in `crate::links`, below them; the tests here check that those agree with
//! the routes they name.
use rocket::uri;

use crate::web::pages::enrollment::{
    application_page, cohort_forms, manage, selection, workshop_forms,
};
use crate::web::pages::mentoring::{assessment, floor, guidance, organizer, reports};
use crate::web::pages::notices::announce as outbox;
use crate::web::pages::notices::outbox as outbox_page;

/// The organizer's review page of a cohort.
pub fn manage(cohort: i64) -> String {
    uri!(manage::manage_page(
        id = cohort,
        status = _,
        q = _,
        tier = _,
        nominated = _,
        sort = _,
        after = _,
        before = _
    ))
    .to_string()
}

/// The page of one application, for the organizer.
pub fn application(cohort: i64, application: i64) -> String {
    uri!(application_page::show(id = cohort, app_id = application)).to_string()
}

pub fn workshop_edit(workshop: i64) -> String {
    uri!(workshop_forms::edit_page(id = workshop)).to_string()
}

pub fn cohort_new(workshop: i64) -> String {
    uri!(cohort_forms::new_page(id = workshop)).to_string()
}

pub fn cohort_edit(cohort: i64) -> String {
    uri!(cohort_forms::edit_page(id = cohort)).to_string()
}

pub fn draw(cohort: i64) -> String {
    uri!(selection::draw_page(id = cohort)).to_string()
}

pub fn selection(cohort: i64) -> String {
    uri!(selection::selection_page(id = cohort)).to_string()
}

/// The organizer's mentoring page of a cohort.
pub fn mentoring(cohort: i64) -> String {
    uri!(organizer::show(id = cohort)).to_string()
}

pub fn attendance(session: i64) -> String {
    uri!(floor::attendance_page(id = session)).to_string()
}

pub fn guidance(participant: i64) -> String {
    uri!(guidance::guidance_page(id = participant)).to_string()
}

pub fn assessment(participant: i64) -> String {
    uri!(assessment::assessment_page(id = participant)).to_string()
}

/// The public verification page of a certificate.
pub fn verify(code: &str) -> String {
    uri!(reports::verify(code = code)).to_string()
}

/// A cohort's outbox, with how many notices were just queued when `queued`.
pub fn outbox(cohort: i64, queued: Option<usize>) -> String {
    uri!(outbox::outbox_get(
        id = cohort,
        queued = queued,
        kind = _,
        status = _
    ))
    .to_string()
}

pub fn notice_preview(notice: i64) -> String {
    uri!(outbox_page::preview(id = notice)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::api::mentoring::guidance as guidance_api;
    use crate::web::pages::accounts::{login, password_reset};
    use crate::web::pages::enrollment::status;

    #[test]
    fn page_links_are_the_routes_paths() {
        let cases = [
            (manage(7), "/cohorts/7/manage"),
            (application(7, 12), "/cohorts/7/applications/12"),
            (workshop_edit(3), "/workshops/3/edit"),
            (cohort_new(3), "/workshops/3/cohorts/new"),
            (cohort_edit(7), "/cohorts/7/edit"),
            (draw(7), "/cohorts/7/draw"),
            (selection(7), "/cohorts/7/selection"),
            (mentoring(7), "/cohorts/7/mentoring"),
            (attendance(5), "/sessions/5/attendance"),
            (guidance(9), "/participants/9/guidance"),
            (assessment(9), "/participants/9/assessment"),
            (verify("AB12-CD34"), "/verify/AB12-CD34"),
            (outbox(7, None), "/cohorts/7/outbox"),
            (outbox(7, Some(40)), "/cohorts/7/outbox?queued=40"),
            (notice_preview(4), "/notices/4/preview"),
        ];
        for (built, expected) in cases {
            assert_eq!(built, expected);
        }
    }

    #[test]
    fn values_in_links_are_escaped() {
        assert_eq!(verify("a/b c"), "/verify/a%2Fb%20c");
    }

    /// The links the service and mail layers build agree with the routes
    /// that answer them.
    #[test]
    fn the_lower_layers_links_match_their_routes() {
        assert_eq!(
            crate::links::status_path("GJ-2026-000001", "99.ab-c_d"),
            uri!(status::status_page(
                reference = "GJ-2026-000001",
                token = Some("99.ab-c_d"),
                new = _
            ))
            .to_string()
        );
        assert_eq!(
            crate::links::login_path("/cohorts/7/manage"),
            format!(
                "{}?next=/cohorts/7/manage",
                uri!(login::login_page(next = _))
            )
        );
        assert_eq!(
            crate::links::login_path("/a?b=c&d"),
            "/login?next=/a%3Fb%3Dc%26d"
        );
        assert_eq!(
            crate::links::reset_path("tok_en-1"),
            uri!(password_reset::reset_page(token = "tok_en-1")).to_string()
        );
        assert_eq!(
            crate::links::staff_photo_path(42),
            uri!(guidance_api::staff_photo(id = 42)).to_string()
        );
    }
}
