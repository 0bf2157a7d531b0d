//! The web console: server-rendered pages in English, Arabic and Hebrew for the people of the
//! cell — sign-in, a dashboard (tracks, what the party must acknowledge with a countdown to each
//! deadline, escalations), thread lists, and threads with compose, translations and
//! acknowledgement.
//!
//! - [`pages`]: the pages and the fragments the script refetches when the live stream reports a
//!   change;
//! - [`forms`]: the forms, which go through the same functions as the API;
//! - [`login`]: signing in and out;
//! - [`session`]: the session behind a request, and its cookie;
//! - [`view`]: the record turned into what templates show;
//! - [`i18n`]: languages, translations (Fluent), dates;
//! - [`record`]: the shared record at a glance: checkpoint, witnesses, alerts;
//! - [`map`]: de-escalation: the map, activities, the notify form, zones and incidents;
//! - [`disputes`]: disputes: the list and counts, the raise form, a dispute's page and steps;
//! - [`commercial`]: the commercial register: list, entry, new entry, moves and comments;
//! - [`intel`]: intelligence: the inbox, report pages, the vetting queue and the compose page;
//! - [`commitments`]: commitments, the timeline and the calendar feed's link;
//!   [`commitment_new`]: the form to propose one;
//! - [`meetings`]: meetings with their minutes, and joint statements; [`meeting_new`] and
//!   [`statement_new`]: the forms to schedule a meeting and to draft a statement;
//! - [`assets`]: the style sheet and the script.
//!
//! Every page works without JavaScript; the script only keeps pages live and countdowns ticking.
//! Nothing is inline, so the Content-Security-Policy allows only this site's own files.

mod assets;
mod commercial;
mod commitment_new;
mod commitments;
pub(crate) mod disputes;
mod forms;
mod i18n;
mod intel;
mod login;
mod map;
mod meeting_new;
mod meetings;
mod pages;
mod record;
mod session;
mod statement_new;
mod view;

#[cfg(test)]
mod tests;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

/// The console routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/language", post(forms::language))
        .route("/", get(pages::dashboard))
        .route("/dashboard-fragment", get(pages::dashboard_fragment))
        .route("/threads", get(pages::threads).post(forms::open))
        .route("/threads-fragment", get(pages::threads_fragment))
        .route("/threads/new", get(pages::new_thread))
        .route("/threads/{id}", get(pages::thread))
        .route("/threads/{id}/messages", post(forms::post))
        .route(
            "/threads/{id}/messages-fragment",
            get(pages::messages_fragment),
        )
        .route("/messages/{id}/acknowledge", post(forms::acknowledge))
        .route("/messages/{id}/translations", post(forms::translate))
        .route("/record", get(record::page))
        .route("/static/app.css", get(assets::css))
        .route("/static/app.js", get(assets::js))
        .merge(map::router())
        .merge(disputes::router())
        .merge(commercial::router())
        .merge(intel::router())
        .merge(commitments::router())
        .merge(meetings::router())
}
