//! Prometheus text at `/metrics`: requests by route and status with latency
//! histograms, database pool use, outbox depth by status, applications by
//! status — so an operator sees a rush or a mail backlog as it happens.
use std::time::Instant;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::ContentType;
use rocket::{Data, Request, Response, State, get, routes};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::AppState;
use crate::error::{AppError, AppResult};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    outbox: IntGaugeVec,
    applications: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("gongjiang".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route")
                .buckets(vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ]),
            &["route", "method"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Database pool connections by state"),
            &["state"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_notices", "Notices in the outbox by status"),
            &["status"],
        )?;
        let applications = IntGaugeVec::new(
            Opts::new("applications", "Applications by status"),
            &["status"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        registry.register(Box::new(applications.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            pool,
            outbox,
            applications,
        })
    }
}

struct Started(Instant);

/// Times every request and counts it under its route's pattern (not the raw
/// path, so IDs and tokens never become label values).
pub struct RequestMetrics;

#[rocket::async_trait]
impl Fairing for RequestMetrics {
    fn info(&self) -> Info {
        Info {
            name: "request metrics",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        req.local_cache(|| Started(Instant::now()));
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let Some(metrics) = req.rocket().state::<Metrics>() else {
            return;
        };
        let route = req
            .route()
            .map(|r| r.uri.origin.path().to_string())
            .unwrap_or_else(|| "unmatched".into());
        let method = req.method().as_str();
        let started = req.local_cache(|| Started(Instant::now()));
        metrics
            .latency
            .with_label_values(&[&route, method])
            .observe(started.0.elapsed().as_secs_f64());
        metrics
            .requests
            .with_label_values(&[&route, method, &res.status().code.to_string()])
            .inc();
    }
}

async fn counts_by_status(
    db: &sea_orm::DatabaseConnection,
    table: &str,
) -> AppResult<Vec<(String, i64)>> {
    let backend: DatabaseBackend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT status, COUNT(*) AS n FROM {table} GROUP BY status"),
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<String>("", "status")?,
                r.try_get::<i64>("", "n")?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(AppError::from)
}

/// The Prometheus text exposition.
/// The token of an `Authorization: Bearer …` header, if any.
pub struct Bearer<'r>(pub Option<&'r str>);

#[rocket::async_trait]
impl<'r> rocket::request::FromRequest<'r> for Bearer<'r> {
    type Error = std::convert::Infallible;
    async fn from_request(
        req: &'r rocket::Request<'_>,
    ) -> rocket::request::Outcome<Self, Self::Error> {
        let token = req
            .headers()
            .get_one("Authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        rocket::request::Outcome::Success(Bearer(token))
    }
}

#[get("/metrics")]
pub async fn metrics(
    state: &State<AppState>,
    metrics: &State<Metrics>,
    bearer: Bearer<'_>,
) -> AppResult<(ContentType, String)> {
    // Unset token: the endpoint does not exist; set: only its holder reads it.
    match &state.settings.metrics_token {
        None => return Err(AppError::NotFound),
        Some(t)
            if bearer
                .0
                .is_some_and(|b| crate::crypto::constant_time_eq(b, t)) => {}
        Some(_) => return Err(AppError::unauthorized()),
    }
    let (size, idle) = match state.db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let p = state.db.get_postgres_connection_pool();
            (p.size(), p.num_idle())
        }
        _ => {
            let p = state.db.get_sqlite_connection_pool();
            (p.size(), p.num_idle())
        }
    };
    metrics
        .pool
        .with_label_values(&["open"])
        .set(i64::from(size));
    metrics.pool.with_label_values(&["idle"]).set(idle as i64);
    metrics
        .pool
        .with_label_values(&["in_use"])
        .set(i64::from(size) - idle as i64);
    for s in ["queued", "sending", "sent", "failed"] {
        metrics.outbox.with_label_values(&[s]).set(0);
    }
    for (status, n) in counts_by_status(&state.db, "notices").await? {
        metrics.outbox.with_label_values(&[&status]).set(n);
    }
    for (status, n) in counts_by_status(&state.db, "applications").await? {
        metrics.applications.with_label_values(&[&status]).set(n);
    }
    let mut buf = vec![];
    TextEncoder::new()
        .encode(&metrics.registry.gather(), &mut buf)
        .map_err(|e| AppError::Internal(format!("metrics: {e}")))?;
    let text = String::from_utf8(buf).map_err(|e| AppError::Internal(format!("metrics: {e}")))?;
    Ok((
        ContentType::new("text", "plain").with_params(("version", "0.0.4")),
        text,
    ))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![metrics]
}
