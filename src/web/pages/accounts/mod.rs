//! Account pages: the devices a staff member stays signed in on, and the way
//! back through a password reset by mail.
pub mod devices;
pub mod login;
pub mod password_reset;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(login::routes());
    all.extend(devices::routes());
    all.extend(password_reset::routes());
    all
}
