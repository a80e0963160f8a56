//! The JSON API (`/api/v1/…`) by area, and the machine-read files beside it
//! (the published key set, a holder's credential, photos by their readers).
pub mod accounts;
pub mod enrollment;
pub mod mentoring;
pub mod notices;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(accounts::routes());
    all.extend(enrollment::routes());
    all.extend(mentoring::routes());
    all.extend(notices::routes());
    all
}
