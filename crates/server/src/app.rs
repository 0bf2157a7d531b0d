//! The server as a whole: shared state, the router with its middleware, and start-up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use fusioncell_store::Store;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::auth::LoginLimiter;
use crate::clock::Clock;
use crate::core::{Core, OpenError};

/// Largest request body accepted, in bytes.
pub const MAX_BODY: usize = 256 * 1024;

/// The Content-Security-Policy of every answer: only our own scripts, styles and connections.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Settings of a running server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a console session lasts.
    pub session_ttl: Duration,
    /// Login failures allowed per account per window.
    pub login_failures_per_account: usize,
    /// Login failures allowed per client address per window.
    pub login_failures_per_address: usize,
    /// The rate-limit window.
    pub login_window: Duration,
    /// The shared record: origin, witnesses, access to the public log endpoints.
    pub record: crate::record::RecordSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_ttl: Duration::from_secs(12 * 3600),
            login_failures_per_account: 5,
            login_failures_per_address: 20,
            login_window: Duration::from_secs(15 * 60),
            record: crate::record::RecordSettings::default(),
        }
    }
}

/// What every handler shares.
pub struct AppInner {
    /// The write path and read model.
    pub core: Core,
    /// The store, for credentials.
    pub store: Store,
    /// The login rate limiter.
    pub limiter: LoginLimiter,
    /// Settings.
    pub settings: Settings,
    /// Renders `/metrics`.
    pub metrics: Option<PrometheusHandle>,
    /// Cancelled at shutdown: live streams and the timer watch it.
    pub shutdown: CancellationToken,
    /// The shared record: checkpoints, tiles, proofs and witnesses.
    pub record: crate::record::Record,
}

/// Cheap-to-clone handle on the server's shared state.
#[derive(Clone)]
pub struct AppState(pub Arc<AppInner>);

impl std::ops::Deref for AppState {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// The Prometheus recorder is process-wide: install it once and share the handle.
fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: std::sync::OnceLock<Option<PrometheusHandle>> = std::sync::OnceLock::new();
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .clone()
}

impl AppState {
    /// Opens the cell on `store` (replaying its record) and starts the deadline timer and the
    /// record keeper.
    pub async fn open(
        store: Store,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> Result<AppState, OpenError> {
        let core = Core::open(store.clone(), clock).await?;
        let shutdown = CancellationToken::new();
        tokio::spawn(crate::timer::run(core.clone(), shutdown.clone()));
        let record = crate::record::Record::new(settings.record.clone());
        tokio::spawn(crate::record::run(
            record.clone(),
            core.clone(),
            store.clone(),
            shutdown.clone(),
        ));
        Ok(AppState(Arc::new(AppInner {
            core,
            store,
            limiter: LoginLimiter::new(
                settings.login_window,
                settings.login_failures_per_account,
                settings.login_failures_per_address,
            ),
            settings,
            metrics: metrics_handle(),
            shutdown,
            record,
        })))
    }
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(app): State<AppState>) -> impl IntoResponse {
    match app.store.len().await {
        Ok(_) if app.core.read().state.config().is_some() => (StatusCode::OK, "ready\n"),
        Ok(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the cell is not configured\n",
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the store is unavailable\n",
        ),
    }
}

async fn metrics(State(app): State<AppState>) -> impl IntoResponse {
    let body = app
        .metrics
        .as_ref()
        .map(PrometheusHandle::render)
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// The full router: API, console, health and metrics, with security headers and limits.
pub fn router(app: AppState) -> Router {
    Router::new()
        .merge(crate::api::router())
        .merge(crate::console::router())
        .merge(crate::record::http::router())
        .merge(crate::taxii::router())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// Serves `app` on `listener` until `stop` completes; open live streams end at shutdown.
pub async fn serve(
    listener: TcpListener,
    app: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let shutdown = app.shutdown.clone();
    let router = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            stop.await;
            shutdown.cancel();
        })
        .await
}
