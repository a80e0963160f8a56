//! The background loop of an instance: sends the mail outbox and queues the
//! session reminders that fall due. It lives above `mail` and the services it
//! calls, so that `mail` needs nothing of `service`.
use std::sync::Mutex;
use std::time::Duration;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Orbit, Rocket};
use tokio::sync::watch;

use crate::mail::sender;
use crate::service::mentoring::reminders;

/// The background sender of this instance: started at liftoff when
/// `mail_sender` is on, stopped (after the delivery in hand) at shutdown. It
/// also queues the session reminders that fall due, every `reminder_interval`.
#[derive(Default)]
pub struct SenderFairing {
    running: Mutex<Option<(watch::Sender<bool>, tokio::task::JoinHandle<()>)>>,
}

#[rocket::async_trait]
impl Fairing for SenderFairing {
    fn info(&self) -> Info {
        Info {
            name: "mail sender",
            kind: Kind::Liftoff | Kind::Shutdown,
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let Some(state) = rocket.state::<crate::AppState>() else {
            return;
        };
        // The loop owns a copy of the state (every part is a shared handle).
        let owned = crate::AppState {
            db: state.db.clone(),
            settings: state.settings.clone(),
            keys: state.keys.clone(),
            mail: state.mail.clone(),
            clock: state.clock.clone(),
        };
        let (stop_tx, stop_rx) = watch::channel(false);
        let handle = tokio::spawn(sender_loop(owned, stop_rx));
        if let Ok(mut running) = self.running.lock() {
            *running = Some((stop_tx, handle));
        }
        tracing::info!(smtp = state.mail.smtp_url.is_some(), "mail sender started");
    }

    async fn on_shutdown(&self, _rocket: &Rocket<Orbit>) {
        let running = self.running.lock().ok().and_then(|mut r| r.take());
        if let Some((stop, handle)) = running {
            let _ = stop.send(true);
            if tokio::time::timeout(Duration::from_secs(30), handle)
                .await
                .is_err()
            {
                tracing::warn!("mail sender did not stop in time");
            }
        }
    }
}

async fn sender_loop(state: crate::AppState, mut stop: watch::Receiver<bool>) {
    let (db, mailer) = (&state.db, &state.mail);
    let mut next_reminders = tokio::time::Instant::now();
    loop {
        if *stop.borrow() {
            break;
        }
        // Session reminders fall due by the clock, not by a change: queue them
        // here, then send them with everything else.
        if tokio::time::Instant::now() >= next_reminders {
            reminders::queue_due_reminders(&state).await;
            next_reminders = tokio::time::Instant::now() + mailer.reminder_interval;
        }
        // Offers lapse by the clock too: each pass expires the overdue ones and
        // offers their places to the next waitlisted (within one poll interval).
        crate::service::selection::expire_due_offers(&state).await;
        if let Err(e) = sender::run_until(db, mailer, Some(&stop)).await {
            tracing::error!(error = %e, "mail sender: the database failed");
        }
        tokio::select! {
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
            _ = mailer.wake.notified() => {
                // The notice's transaction may still be committing.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ = tokio::time::sleep(mailer.poll_interval) => {}
        }
    }
    tracing::info!("mail sender stopped");
}
