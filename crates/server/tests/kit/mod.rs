//! A test kit that starts a real cell server on 127.0.0.1 and speaks HTTP to it.

#![allow(dead_code)] // Each test binary uses a different part of the kit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use fusioncell_domain::{Actor, CellConfig, Command, PartyId, UserId};
use fusioncell_server::api::accounts::{create_user, issue, parse_roles};
use fusioncell_server::{AppState, Clock, Settings, SystemClock};
use fusioncell_store::Store;
use serde_json::Value;

/// The example configuration, with acknowledgement deadlines replaced when asked.
pub fn config(flash: &str, priority: &str) -> CellConfig {
    let text = include_str!("../../../../examples/levant-cell.toml")
        .replace("flash = \"5m\"", &format!("flash = \"{flash}\""))
        .replace("priority = \"1h\"", &format!("priority = \"{priority}\""));
    CellConfig::from_toml(&text).expect("the example configuration is valid")
}

/// The demo's users: login and roles.
pub const USERS: [(&str, &[&str]); 8] = [
    ("il.liaison", &["liaison"]),
    ("il.analyst", &["analyst"]),
    ("il.admin", &["admin"]),
    ("sy.liaison", &["liaison"]),
    ("sy.analyst", &["analyst"]),
    ("sy.admin", &["admin"]),
    ("us.supervisor", &["liaison", "approver"]),
    ("us.admin", &["admin"]),
];

/// Password of every test user.
pub const PASSWORD: &str = "test-password-123";

/// A running cell.
pub struct TestCell {
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The server's state, to compare what HTTP shows with what the server holds.
    pub app: AppState,
    /// API token per user.
    pub tokens: HashMap<String, String>,
    /// An HTTP client.
    pub http: reqwest::Client,
    /// Keeps the data directory alive.
    pub dir: Arc<tempfile::TempDir>,
}

impl TestCell {
    /// Starts a fresh cell with the given deadlines and the demo users, each with a token.
    pub async fn start(flash: &str, priority: &str) -> TestCell {
        TestCell::start_with(flash, priority, Settings::default()).await
    }

    /// [`TestCell::start`] with server settings.
    pub async fn start_with(flash: &str, priority: &str, settings: Settings) -> TestCell {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let cell = TestCell::open_with(dir.clone(), Arc::new(SystemClock), settings).await;
        cell.app
            .core
            .submit(Actor::Cell, Command::Configure(config(flash, priority)))
            .await
            .unwrap();
        let mut cell = cell;
        for (login, roles) in USERS {
            let id = UserId::new(login).unwrap();
            let party = PartyId::new(login.split('.').next().unwrap()).unwrap();
            let roles =
                parse_roles(&roles.iter().map(|r| r.to_string()).collect::<Vec<_>>()).unwrap();
            create_user(&cell.app, None, &id, login, &party, roles, PASSWORD.into())
                .await
                .unwrap();
            let token = issue(&cell.app, Actor::Cell, &id, "test", None)
                .await
                .unwrap();
            cell.tokens.insert(login.to_string(), token.secret);
        }
        cell
    }

    /// Opens (or reopens) the cell in `dir` with `clock` and serves it on a free port.
    pub async fn open(dir: Arc<tempfile::TempDir>, clock: Arc<dyn Clock>) -> TestCell {
        TestCell::open_with(dir, clock, Settings::default()).await
    }

    /// [`TestCell::open`] with server settings.
    pub async fn open_with(
        dir: Arc<tempfile::TempDir>,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> TestCell {
        let store = Store::open_sqlite_dir(dir.path()).await.unwrap();
        let app = AppState::open(store, clock, settings).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(fusioncell_server::serve(
            listener,
            app.clone(),
            std::future::pending(),
        ));
        TestCell {
            url,
            app,
            tokens: HashMap::new(),
            http: reqwest::Client::new(),
            dir,
        }
    }

    /// Stops serving and closes the store, so the directory can be reopened.
    pub async fn stop(self) -> Arc<tempfile::TempDir> {
        self.app.shutdown.cancel();
        self.app.store.close().await;
        self.dir
    }

    fn auth(&self, user: &str, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(&self.tokens[user])
    }

    /// GET as `user`; returns status and JSON body.
    pub async fn get(&self, user: &str, path: &str) -> (u16, Value) {
        let response = self
            .auth(user, self.http.get(format!("{}{path}", self.url)))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POST JSON as `user`; returns status and JSON body.
    pub async fn post(&self, user: &str, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .auth(user, self.http.post(format!("{}{path}", self.url)))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// PUT JSON as `user`; returns status and JSON body.
    pub async fn put(&self, user: &str, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .auth(user, self.http.put(format!("{}{path}", self.url)))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POST raw bytes with a content type as `user`; returns status and the body as text.
    pub async fn post_text(
        &self,
        user: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, String) {
        let response = self
            .auth(user, self.http.post(format!("{}{path}", self.url)))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// POST raw bytes with a content type as `user`.
    pub async fn post_raw(
        &self,
        user: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let response = self
            .auth(user, self.http.post(format!("{}{path}", self.url)))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Opens a thread with a first message; returns (thread id, message id).
    pub async fn open_thread(
        &self,
        user: &str,
        track: &str,
        with: &[&str],
        priority: &str,
    ) -> (String, String) {
        let (status, body) = self
            .post(
                user,
                "/api/v1/threads",
                serde_json::json!({
                    "track": track,
                    "subject": {"lang": "en", "text": "Subject"},
                    "participants": with,
                    "message": {"body": {"lang": "ar", "text": "رسالة"}, "priority": priority},
                }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        (
            body["thread"]["id"].as_str().unwrap().into(),
            body["message"]["id"].as_str().unwrap().into(),
        )
    }

    /// Number of events in the record.
    pub fn record_len(&self) -> usize {
        self.app.core.read().log.len()
    }

    /// Opens the live stream for `user`, resuming after `after` when given.
    pub async fn stream(&self, user: &str, after: Option<u64>) -> Stream {
        let mut request = self.auth(user, self.http.get(format!("{}/api/v1/events", self.url)));
        if let Some(after) = after {
            request = request.header("last-event-id", after.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        Stream {
            response,
            buffer: String::new(),
        }
    }
}

/// One SSE event as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The SSE id (record index).
    pub id: u64,
    /// The SSE event name.
    pub event: String,
    /// The JSON data.
    pub data: Value,
}

/// A live stream being read.
pub struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    /// The next event, or None if none arrives within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Received> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if let Some(id) = id {
                    return Some(Received {
                        id,
                        event,
                        data: serde_json::from_str(&data).unwrap(),
                    });
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads events until one named `event` arrives (or `wait` passes).
    pub async fn until(&mut self, event: &str, wait: Duration) -> Option<Received> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let received = self.next(left).await?;
            if received.event == event {
                return Some(received);
            }
        }
    }
}

/// `application/x-www-form-urlencoded` text of `fields`.
fn form_encode(fields: &[(&str, &str)]) -> String {
    let part = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", part(k), part(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first `name="field" value="..."` in an HTML page.
pub fn field_value(html: &str, field: &str) -> Option<String> {
    let marker = format!("name=\"{field}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    html[start..].split('"').next().map(str::to_string)
}

/// A console session: its cookie and CSRF token, redirects not followed.
pub struct Console {
    client: reqwest::Client,
    base: String,
    cookie: String,
    /// The session's CSRF token, added to every form posted.
    pub csrf: String,
}

/// A console answer: status, where it redirects, and the page.
pub struct ConsolePage {
    /// HTTP status.
    pub status: u16,
    /// The `Location` of a redirect.
    pub location: String,
    /// The body.
    pub body: String,
}

impl TestCell {
    /// Signs `user` in to the console in `lang` (with the test password).
    pub async fn console(&self, user: &str, lang: &str) -> Console {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let login = client
            .get(format!("{}/login?lang={lang}", self.url))
            .send()
            .await
            .unwrap();
        let pre: Vec<String> = login
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
            .collect();
        let token = field_value(&login.text().await.unwrap(), "token").expect("a login form");
        let answer = client
            .post(format!("{}/login", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", pre.join("; "))
            .body(form_encode(&[
                ("token", &token),
                ("lang", lang),
                ("username", user),
                ("password", PASSWORD),
                ("code", ""),
            ]))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 303, "{user} signs in");
        let cookie = answer
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
            .collect::<Vec<_>>()
            .join("; ");
        let mut console = Console {
            client,
            base: self.url.clone(),
            cookie,
            csrf: String::new(),
        };
        let home = console.get("/").await;
        console.csrf = field_value(&home.body, "csrf").expect("a CSRF token");
        console
    }
}

impl Console {
    async fn page(&self, request: reqwest::RequestBuilder) -> ConsolePage {
        let response = request.header("cookie", &self.cookie).send().await.unwrap();
        ConsolePage {
            status: response.status().as_u16(),
            location: response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string(),
            body: response.text().await.unwrap_or_default(),
        }
    }

    /// GET a console page.
    pub async fn get(&self, path: &str) -> ConsolePage {
        self.page(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// POST a form (the CSRF token added).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> ConsolePage {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_encode(&all));
        self.page(request).await
    }
}
