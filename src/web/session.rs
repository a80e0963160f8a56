//! The signed-in user, as the guards in `web::auth` find them and the pages
//! show them. Kept apart from the guards so that pages need nothing of them.
use crate::service::accounts::Role;

#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub token: String,
}
