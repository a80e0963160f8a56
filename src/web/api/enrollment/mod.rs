//! Enrollment API: workshops, cohorts, applications and their review, and
//! the selection of who gets the places.
pub mod applications;
pub mod cohorts;
pub mod selection;
pub mod workshops;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(workshops::routes());
    all.extend(cohorts::routes());
    all.extend(applications::routes());
    all.extend(selection::routes());
    all
}
