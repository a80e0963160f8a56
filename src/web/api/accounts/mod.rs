//! Accounts API: staff accounts (organizers create mentors' accounts here).
pub mod sessions;
pub mod users;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = sessions::routes();
    all.extend(users::routes());
    all
}
