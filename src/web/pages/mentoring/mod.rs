//! Mentoring pages: the mentor's floor (today's sessions and the attendance
//! sheet), assessments, the guidance log, the organizer's mentoring page and
//! its forms, reports with their charts, and the participant's file.
pub mod assessment;
pub mod charts;
pub mod checkin;
pub mod edit;
pub mod floor;
pub mod guidance;
pub mod guidance_view;
pub mod organizer;
pub mod organizer_actions;
pub mod participant_file;
pub mod reports;
pub mod sheet_extras;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(floor::routes());
    all.extend(checkin::routes());
    all.extend(assessment::routes());
    all.extend(organizer::routes());
    all.extend(organizer_actions::routes());
    all.extend(edit::routes());
    all.extend(reports::routes());
    all.extend(guidance::routes());
    all.extend(participant_file::routes());
    all
}
