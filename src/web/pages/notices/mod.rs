//! Notice pages: the organizer's outbox and its preview, the unsubscribe
//! link of announcements, and the calendar feeds phones subscribe to.
pub mod announce;
pub mod calendar;
pub mod outbox;
pub mod unsubscribe;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(announce::routes());
    all.extend(outbox::routes());
    all.extend(unsubscribe::routes());
    all.extend(calendar::routes());
    all
}
