//! The console end to end: a real server on a loopback port, driven like a browser without
//! JavaScript (forms, redirects and cookies by hand).

use std::collections::BTreeMap;
use std::sync::Arc;

use fusioncell_domain::{Actor, CellConfig, Command, PartyId, Role, UserId};
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

use crate::app::{AppState, Settings};
use crate::auth;
use crate::clock::SystemClock;

const PASSWORD: &str = "correct horse battery staple";

/// A running cell with a few users, and the directory holding its record.
struct Cell {
    app: AppState,
    base: String,
    _dir: tempfile::TempDir,
}

async fn add_user(app: &AppState, id: &str, party: &str, roles: &[Role]) {
    let user = UserId::new(id).expect("a valid id");
    app.core
        .submit(
            Actor::Cell,
            Command::AddUser {
                user: user.clone(),
                display_name: format!("Officer {id}"),
                party: PartyId::new(party).expect("a valid party"),
                roles: roles.iter().copied().collect(),
            },
        )
        .await
        .expect("the user is added");
    let hash = tokio::task::spawn_blocking(|| auth::hash_password(PASSWORD))
        .await
        .expect("hashing finishes");
    app.store
        .set_password(id, &hash)
        .await
        .expect("the password is stored");
}

async fn cell() -> Cell {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = fusioncell_store::Store::open_sqlite_dir(dir.path())
        .await
        .expect("the store opens");
    let app = AppState::open(store, Arc::new(SystemClock), Settings::default())
        .await
        .expect("the cell opens");
    let config = CellConfig::from_toml(include_str!("../../../../examples/levant-cell.toml"))
        .expect("the example configuration is valid");
    app.core
        .submit(Actor::Cell, Command::Configure(config))
        .await
        .expect("the cell is configured");
    add_user(&app, "il.liaison", "il", &[Role::Liaison]).await;
    add_user(&app, "il.analyst", "il", &[Role::Analyst]).await;
    add_user(&app, "sy.liaison", "sy", &[Role::Liaison]).await;
    add_user(
        &app,
        "us.supervisor",
        "us",
        &[Role::Liaison, Role::Approver],
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(crate::serve(listener, app.clone(), std::future::pending()));
    Cell {
        app,
        base,
        _dir: dir,
    }
}

/// `application/x-www-form-urlencoded` text of `fields`.
fn encode(fields: &[(&str, &str)]) -> String {
    let part = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", part(k), part(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An answer: status, headers, body.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first `name="field" value="..."` in the page.
    fn field(&self, field: &str) -> String {
        let marker = format!("name=\"{field}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .map(|i| i + marker.len())
            .unwrap_or_else(|| panic!("no field {field} in {}", self.body));
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or("")
            .to_string()
    }

    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(String::from))
            .collect()
    }
}

/// A browser without JavaScript: keeps cookies, does not follow redirects.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new(cell: &Cell) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            base: cell.base.clone(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = if cookie.is_empty() {
            request
        } else {
            request.header(header::COOKIE, cookie)
        };
        let response = request.send().await.expect("the server answers");
        let page = Page {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.expect("a body"),
        };
        for set in page.cookies() {
            let (pair, attributes) = set.split_once(';').unwrap_or((&set, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        page
    }

    async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(encode(fields));
        self.send(request).await
    }

    async fn sign_in_with(&mut self, user: &str, password: &str, lang: &str) -> Page {
        let form = self.get(&format!("/login?lang={lang}")).await;
        let token = form.field("token");
        self.post(
            "/login",
            &[
                ("token", &token),
                ("lang", lang),
                ("username", user),
                ("password", password),
                ("code", ""),
            ],
        )
        .await
    }

    async fn sign_in(cell: &Cell, user: &str) -> Browser {
        let mut browser = Browser::new(cell);
        let answer = browser.sign_in_with(user, PASSWORD, "en").await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{user} signs in: {}",
            answer.body
        );
        browser
    }

    /// The CSRF token of the signed-in session, as pages carry it.
    async fn csrf(&mut self) -> String {
        self.get("/").await.field("csrf")
    }
}

/// Removes Fluent's directional isolation marks, which surround every argument.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[tokio::test]
async fn sign_in_sets_a_strict_session_cookie_and_failures_say_nothing_more() {
    let cell = cell().await;
    let mut browser = Browser::new(&cell);
    let answer = browser.sign_in_with("il.liaison", PASSWORD, "en").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location(), "/");
    let session = answer
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("fc_session="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(session.contains(attribute), "{session} lacks {attribute}");
    }
    let dashboard = browser.get("/").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Officer il.liaison"));

    let mut stranger = Browser::new(&cell);
    let wrong = stranger
        .sign_in_with("il.liaison", "not the password", "en")
        .await;
    let unknown = stranger.sign_in_with("nobody.at.all", PASSWORD, "en").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Wrong user name, password or code."));
    assert!(unknown.body.contains("Wrong user name, password or code."));
    assert!(
        unknown.body.contains("value=\"nobody.at.all\""),
        "the user name is kept"
    );
    assert!(!stranger.cookies.contains_key("fc_session"));

    let analyst = UserId::new("il.analyst").expect("a valid id");
    cell.app
        .core
        .submit(Actor::Cell, Command::DisableUser { user: analyst })
        .await
        .expect("the account is disabled");
    let disabled = stranger.sign_in_with("il.analyst", PASSWORD, "en").await;
    assert_eq!(disabled.status, StatusCode::UNAUTHORIZED);
    assert!(disabled.body.contains("Wrong user name, password or code."));

    let forged = stranger
        .post(
            "/login",
            &[
                ("token", "forged"),
                ("username", "il.liaison"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::BAD_REQUEST,
        "a sign-in form from elsewhere is refused"
    );

    logout_ends_the_session(&mut browser).await;
}

async fn logout_ends_the_session(browser: &mut Browser) {
    let csrf = browser.csrf().await;
    let out = browser.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/login");
    assert_eq!(browser.get("/").await.location(), "/login");
}

#[tokio::test]
async fn sign_in_is_rate_limited_and_asks_for_the_code_of_accounts_with_totp() {
    let cell = cell().await;
    let mut browser = Browser::new(&cell);
    for _ in 0..Settings::default().login_failures_per_account {
        let answer = browser
            .sign_in_with("sy.liaison", "wrong password", "en")
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let limited = browser.sign_in_with("sy.liaison", PASSWORD, "en").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
    assert!(plain(&limited.body).contains("Try again in 15 minutes"));

    let secret = auth::totp::new_secret();
    cell.app
        .store
        .set_totp("us.supervisor", Some(&secret))
        .await
        .expect("TOTP is stored");
    let without = browser.sign_in_with("us.supervisor", PASSWORD, "en").await;
    assert_eq!(
        without.status,
        StatusCode::UNAUTHORIZED,
        "the code is required"
    );
    let now = cell.app.core.clock().now().millis() as u64 / 1000;
    let code = auth::totp::code(&secret, now).expect("a code");
    let form = browser.get("/login").await;
    let with = browser
        .post(
            "/login",
            &[
                ("token", &form.field("token")),
                ("lang", "en"),
                ("username", "us.supervisor"),
                ("password", PASSWORD),
                ("code", &code),
            ],
        )
        .await;
    assert_eq!(with.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn pages_follow_the_chosen_language_and_its_direction() {
    let cell = cell().await;
    let mut visitor = Browser::new(&cell);
    for (lang, dir) in [("en", "ltr"), ("ar", "rtl"), ("he", "rtl")] {
        let page = visitor.get(&format!("/login?lang={lang}")).await;
        assert!(
            page.body
                .contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{lang}"
        );
    }
    // The language chosen on the sign-in page carries into the session.
    let mut browser = Browser::new(&cell);
    browser.sign_in_with("sy.liaison", PASSWORD, "ar").await;
    let dashboard = browser.get("/").await;
    assert!(dashboard.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        dashboard.body.contains("سوريا"),
        "party names come from the cell, in Arabic"
    );
    assert!(
        dashboard.body.contains("خفض التصعيد العسكري"),
        "and track names"
    );

    let csrf = dashboard.field("csrf");
    let switched = browser
        .post(
            "/language",
            &[("csrf", &csrf), ("lang", "he"), ("next", "/threads")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/threads");
    let threads = browser.get("/threads").await;
    assert!(threads.body.contains("<html lang=\"he\" dir=\"rtl\">"));
    assert!(threads.body.contains("כל השיחות"));
    let back = browser
        .post(
            "/language",
            &[
                ("csrf", &csrf),
                ("lang", "en"),
                ("next", "https://example.org/"),
            ],
        )
        .await;
    assert_eq!(back.location(), "/", "never sent off the site");
}

#[tokio::test]
async fn visitors_without_a_session_go_to_sign_in_and_fragments_answer_401() {
    let cell = cell().await;
    let mut browser = Browser::new(&cell);
    for path in ["/", "/threads", "/threads/new", "/threads/t-1"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), "/login", "{path}");
    }
    for path in [
        "/dashboard-fragment",
        "/threads-fragment",
        "/threads/t-1/messages-fragment",
    ] {
        assert_eq!(
            browser.get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let post = browser.post("/threads", &[("csrf", "x")]).await;
    assert_eq!(post.location(), "/login");
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_refused() {
    let cell = cell().await;
    let mut browser = Browser::sign_in(&cell, "sy.liaison").await;
    let fields = [
        ("track", "de-escalation"),
        ("participants", "il"),
        ("subject", "Test"),
        ("subject_lang", "en"),
    ];
    let missing = browser.post("/threads", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "not-the-token"));
    assert_eq!(
        browser.post("/threads", &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        cell.app.core.read().state.threads.is_empty(),
        "nothing was opened"
    );
    let language = browser.post("/language", &[("lang", "ar")]).await;
    assert_eq!(language.status, StatusCode::FORBIDDEN);
    let logout = browser.post("/logout", &[]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

/// Opens a de-escalation thread from Syria to Israel with a flash message; returns its path.
async fn open_flash_thread(syria: &mut Browser) -> String {
    let csrf = syria.csrf().await;
    let opened = syria
        .post(
            "/threads",
            &[
                ("csrf", &csrf),
                ("track", "de-escalation"),
                ("participants", "il"),
                ("subject", "تحركات قرب القنيطرة"),
                ("subject_lang", "ar"),
                ("text", "نطلب تأكيد الاستلام فورًا"),
                ("lang", "ar"),
                ("priority", "flash"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert!(opened.location().starts_with("/threads/t-"));
    opened.location().to_string()
}

#[tokio::test]
async fn a_flash_message_is_received_read_and_acknowledged_through_the_console() {
    let cell = cell().await;
    let mut syria = Browser::sign_in(&cell, "sy.liaison").await;
    let mut israel = Browser::sign_in(&cell, "il.liaison").await;
    let mut supervisor = Browser::sign_in(&cell, "us.supervisor").await;
    let thread = open_flash_thread(&mut syria).await;

    let dashboard = israel.get("/dashboard-fragment").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(!dashboard.body.contains("<html"), "a fragment, not a page");
    assert!(dashboard.body.contains("نطلب تأكيد الاستلام فورًا"));
    assert!(dashboard.body.contains("lang=\"ar\" dir=\"auto\""));
    assert!(dashboard.body.contains("class=\"badge priority-flash\""));
    assert!(dashboard.body.contains("data-deadline=\""));
    assert!(dashboard.body.contains("It does not mean agreement"));
    let deadlines = dashboard
        .body
        .split("id=\"deadlines-h\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the my-deadlines panel");
    assert!(
        deadlines.contains("Acknowledge message") && deadlines.contains("تحركات قرب القنيطرة"),
        "Israel's deadlines list the flash it owes: {deadlines}"
    );
    assert!(
        !syria
            .get("/dashboard-fragment")
            .await
            .body
            .contains("class=\"due-label\""),
        "the sender owes nothing"
    );
    let message = dashboard
        .body
        .split("action=\"/messages/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an acknowledge form")
        .to_string();

    // Opening the thread is reading it: the read receipt is recorded for Israel.
    let page = israel.get(&thread).await;
    assert_eq!(page.status, StatusCode::OK);
    {
        let read = cell.app.core.read();
        let m = read.state.messages.values().next().expect("the message");
        let receipt = &m.receipts[&PartyId::new("il").expect("il")];
        assert!(receipt.read_at.is_some() && receipt.delivered_at.is_some());
        assert!(
            receipt.acknowledged_at.is_none(),
            "reading is not acknowledging"
        );
    }

    // Syria sees no acknowledge button on its own message; the analyst of Israel may not acknowledge.
    assert!(!syria.get(&thread).await.body.contains("/acknowledge\""));
    let mut analyst = Browser::sign_in(&cell, "il.analyst").await;
    assert!(!analyst.get(&thread).await.body.contains("/acknowledge\""));

    let csrf = page.field("csrf");
    let acknowledged = israel
        .post(
            &format!("/messages/{message}/acknowledge"),
            &[("csrf", &csrf), ("next", &thread)],
        )
        .await;
    assert_eq!(acknowledged.status, StatusCode::SEE_OTHER);
    assert_eq!(acknowledged.location(), thread);
    let again = israel
        .post(
            &format!("/messages/{message}/acknowledge"),
            &[("csrf", &csrf), ("next", "/")],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "acknowledging twice changes nothing"
    );

    let seen = supervisor.get(&thread).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("نطلب تأكيد الاستلام فورًا"));
    assert!(plain(&seen.body).contains("by il.liaison"));
    assert!(seen.body.contains("Acknowledged by every addressed party."));
    let listed = supervisor.get("/threads?track=de-escalation").await;
    assert!(listed.body.contains("تحركات قرب القنيطرة"));

    // A translation is labelled with its translator and marked as not authoritative.
    let translated = israel
        .post(
            &format!("/messages/{message}/translations"),
            &[
                ("csrf", &csrf),
                ("lang", "en"),
                ("text", "We ask for immediate confirmation of receipt"),
            ],
        )
        .await;
    assert_eq!(
        translated.status,
        StatusCode::SEE_OTHER,
        "{}",
        translated.body
    );
    let fragment = supervisor.get(&format!("{thread}/messages-fragment")).await;
    assert!(plain(&fragment.body).contains("Translation into English by il.liaison (Israel)"));
    assert!(fragment.body.contains("not authoritative"));

    // Another party's thread does not exist for a party outside it.
    let mut other = Browser::sign_in(&cell, "il.analyst").await;
    let internal = open_internal_thread(&mut syria).await;
    assert_eq!(other.get(&internal).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        supervisor.get(&internal).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn open_internal_thread(syria: &mut Browser) -> String {
    let csrf = syria.csrf().await;
    let opened = syria
        .post(
            "/threads",
            &[
                ("csrf", &csrf),
                ("track", "diplomatic"),
                ("subject", "Internal"),
                ("subject_lang", "en"),
                ("text", ""),
                ("lang", "en"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    opened.location().to_string()
}

#[tokio::test]
async fn refused_forms_come_back_with_the_reason_and_everything_typed() {
    let cell = cell().await;
    let mut israel = Browser::sign_in(&cell, "il.liaison").await;
    let csrf = israel.csrf().await;
    let typed = "A long report that must not be lost <b>as typed</b>";
    let refused = israel
        .post(
            "/threads",
            &[
                ("csrf", &csrf),
                ("track", "de-escalation"),
                ("participants", "sy"),
                ("subject", "   "),
                ("subject_lang", "he"),
                ("text", typed),
                ("lang", "en"),
                ("priority", "priority"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("role=\"alert\""));
    assert!(
        refused.body.contains("href=\"#field-subject\""),
        "the error points at the field"
    );
    assert!(
        refused
            .body
            .contains("A long report that must not be lost &#60;b&#62;as typed&#60;/b&#62;"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("id=\"party-sy\" name=\"participants\" value=\"sy\" checked")
    );
    assert!(refused.body.contains("value=\"priority\" checked"));

    let mut syria = Browser::sign_in(&cell, "sy.liaison").await;
    let thread = open_flash_thread(&mut syria).await;
    let bad_language = israel
        .post(
            &format!("{thread}/messages"),
            &[("csrf", &csrf), ("text", "Received."), ("lang", "fr")],
        )
        .await;
    assert_eq!(bad_language.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_language.body.contains("href=\"#field-text-lang\""));
    assert!(bad_language.body.contains(">Received.</textarea>"));
    assert!(
        bad_language.body.contains("lang=\"en\" dir=\"ltr\""),
        "the domain's explanation is marked as English"
    );

    let mut hebrew = Browser::new(&cell);
    hebrew.sign_in_with("il.liaison", PASSWORD, "he").await;
    let csrf = hebrew.csrf().await;
    let refused = hebrew
        .post(
            &format!("{thread}/messages"),
            &[("csrf", &csrf), ("text", "x"), ("lang", "fr")],
        )
        .await;
    assert!(
        refused.body.contains("נא לתקן את השדה:"),
        "the reason in the reader's language"
    );

    let csrf = israel.csrf().await;
    let posted = israel
        .post(
            &format!("{thread}/messages"),
            &[
                ("csrf", &csrf),
                ("text", "Received."),
                ("lang", "en"),
                ("priority", "routine"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert!(posted.location().starts_with(&format!("{thread}#m-")));
}

#[tokio::test]
async fn pages_have_a_strict_csp_no_inline_code_and_a_label_for_every_input() {
    let cell = cell().await;
    let mut syria = Browser::sign_in(&cell, "sy.liaison").await;
    let thread = open_flash_thread(&mut syria).await;
    let mut israel = Browser::sign_in(&cell, "il.liaison").await;
    let mut anonymous = Browser::new(&cell);
    let mut pages = vec![anonymous.get("/login").await];
    for path in [
        "/",
        "/threads",
        "/threads?track=de-escalation",
        "/threads/new",
        thread.as_str(),
    ] {
        pages.push(israel.get(path).await);
    }
    for page in &pages {
        assert_eq!(page.status, StatusCode::OK);
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ASCII");
        assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"));
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
        let html = &page.body;
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "no inline style"
        );
        assert!(
            !html.contains(" onclick") && !html.contains(" onload") && !html.contains(" onchange")
        );
        for script in html.split("<script").skip(1) {
            assert!(
                script.trim_start().starts_with("src="),
                "only scripts from files"
            );
        }
        assert!(html.contains("class=\"skip-link\" href=\"#main\""));
        for tag in ["<input", "<select", "<textarea"] {
            for element in html.split(tag).skip(1) {
                let element = element.split('>').next().unwrap_or("");
                if element.contains("type=\"hidden\"") {
                    continue;
                }
                let id = element
                    .split("id=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_else(|| panic!("{tag}{element}> has no id"));
                assert!(
                    html.contains(&format!("for=\"{id}\"")),
                    "{tag} #{id} has no label"
                );
            }
        }
    }
}

#[tokio::test]
async fn assets_are_served_with_their_types_and_cache_rules() {
    let cell = cell().await;
    let mut browser = Browser::new(&cell);
    let login = browser.get("/login").await;
    let css_url = login
        .body
        .split("href=\"/static/app.css")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a style sheet");
    let css = browser.get(&format!("/static/app.css{css_url}")).await;
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(
        css.headers[header::CACHE_CONTROL]
            .to_str()
            .expect("ASCII")
            .contains("immutable")
    );
    let js = browser.get("/static/app.js").await;
    assert_eq!(
        js.headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        js.headers[header::CACHE_CONTROL],
        "no-cache",
        "an unversioned URL is checked again"
    );
    assert!(js.body.contains("EventSource"));
}

#[test]
fn the_style_sheet_uses_logical_properties_only() {
    let css = include_str!("../../static/app.css");
    let physical = [
        "left:",
        "right:",
        "top:",
        "bottom:",
        "margin-left",
        "margin-right",
        "margin-top",
        "margin-bottom",
        "padding-left",
        "padding-right",
        "padding-top",
        "padding-bottom",
        "border-left",
        "border-right",
        "border-top",
        "border-bottom",
        "text-align: left",
        "text-align: right",
        "float:",
        "width:",
        "height:",
    ];
    for (n, line) in css.lines().enumerate() {
        let line = line.trim();
        // Media queries test the viewport, which has no writing direction.
        if line.starts_with("@media") || line.starts_with("/*") || line.starts_with('*') {
            continue;
        }
        for word in physical {
            let found = line.match_indices(word).any(|(at, _)| {
                // `inline-size:`, `inset-inline-start:` and the like contain these words legitimately.
                at == 0 || !line[..at].ends_with(|c: char| c == '-' || c.is_ascii_alphabetic())
            });
            assert!(
                !found,
                "line {}: `{line}` uses the physical `{word}`",
                n + 1
            );
        }
    }
}

#[tokio::test]
async fn the_record_page_shows_the_checkpoint_and_items_link_to_their_receipts() {
    let cell = cell().await;
    let mut syria = Browser::sign_in(&cell, "sy.liaison").await;
    let thread = open_flash_thread(&mut syria).await;
    let mut browser = Browser::new(&cell);
    browser.sign_in_with("il.liaison", PASSWORD, "he").await;
    let page = browser.get("/record").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"he\" dir=\"rtl\">"));
    assert!(
        page.body.contains("הרשומה המשותפת"),
        "the heading, in Hebrew"
    );
    assert!(
        page.body.contains("href=\"/record\""),
        "the navigation links to it"
    );
    let page = browser.get(&thread).await;
    assert!(
        page.body.contains("href=\"/api/v1/log/receipts/"),
        "each message links to its receipt"
    );
}
