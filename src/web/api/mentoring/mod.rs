//! Mentoring API: mentors, pairing and sessions; attendance, assessments,
//! certificates and exports; self check-in; the guidance log; signed
//! credentials.
pub mod checkin;
pub mod credentials;
pub mod guidance;
pub mod pairing;
pub mod records;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(pairing::routes());
    all.extend(records::routes());
    all.extend(checkin::routes());
    all.extend(credentials::routes());
    all.extend(guidance::routes());
    all
}
