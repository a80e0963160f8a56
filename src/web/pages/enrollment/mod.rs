//! Enrollment pages: the public cohort list and page, the application form,
//! the applicant's status page and the way back to a lost link; the
//! organizer's dashboard, workshop and cohort forms, review list, the page of
//! one application, selection, and the roster with contacts.
pub mod application_page;
pub mod apply;
pub mod cohort_forms;
pub mod contacts_export;
pub mod dashboard;
pub mod decisions;
pub mod forms;
pub mod manage;
pub mod options;
pub mod public;
pub mod recover;
pub mod selection;
pub mod status;
pub mod workshop_forms;
pub mod workshop_input;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(public::routes());
    all.extend(apply::routes());
    all.extend(status::routes());
    all.extend(recover::routes());
    all.extend(manage::routes());
    all.extend(workshop_forms::routes());
    all.extend(cohort_forms::routes());
    all.extend(selection::routes());
    all.extend(application_page::routes());
    all.extend(contacts_export::routes());
    all
}
