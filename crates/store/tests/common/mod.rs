//! Test databases: a fresh SQLite file in a temporary directory, or a fresh PostgreSQL database
//! created on the server named by `FUSIONCELL_TEST_DATABASE_URL` and dropped afterwards, so
//! tests run in parallel without seeing each other (notification channels included, which a
//! per-test schema would not isolate).

use std::path::PathBuf;

use fusioncell_store::{NewEntry, Store};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// Environment variable naming a PostgreSQL server (any existing database on it) for the tests.
pub const PG_URL_VAR: &str = "FUSIONCELL_TEST_DATABASE_URL";

/// Where a test's database lives.
enum Location {
    Sqlite {
        file: PathBuf,
        // Kept for the test's life; deleting it removes the database.
        _dir: tempfile::TempDir,
    },
    Postgres(PgDatabase),
}

/// A fresh database for one test, with an open store on it.
pub struct TestDb {
    store: Store,
    location: Location,
}

impl TestDb {
    /// A store on a new SQLite file.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("create temp dir");
        let store = Store::open_sqlite_dir(dir.path())
            .await
            .expect("open SQLite store");
        TestDb {
            store,
            location: Location::Sqlite {
                file: dir.path().join(fusioncell_store::SQLITE_FILE_NAME),
                _dir: dir,
            },
        }
    }

    /// A store on a new PostgreSQL database, or `None` (after saying so on stderr) when no
    /// server is configured.
    pub async fn postgres(test: &str) -> Option<TestDb> {
        let Ok(admin_url) = std::env::var(PG_URL_VAR) else {
            eprintln!(
                "PostgreSQL test {test} did NOT run: set {PG_URL_VAR} \
                 (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it"
            );
            return None;
        };
        let database = PgDatabase::create(admin_url).await;
        let store = Store::open(&database.url)
            .await
            .expect("open PostgreSQL store");
        Some(TestDb {
            store,
            location: Location::Postgres(database),
        })
    }

    /// The store opened on this database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The URL `Store::open` takes for this database.
    pub fn url(&self) -> String {
        match &self.location {
            Location::Sqlite { file, .. } => format!("sqlite:{}", file.display()),
            Location::Postgres(db) => db.url.clone(),
        }
    }

    /// A second, independent store (own pools) on the same database, as another server
    /// process would have.
    pub async fn open_again(&self) -> Store {
        Store::open(&self.url()).await.expect("reopen store")
    }
}

impl TestDb {
    /// Runs `statements` on a separate raw connection, bypassing the store, to damage the data
    /// the way a faulty disk, tool or operator could.
    pub async fn tamper(&self, statements: &[&'static str]) {
        match &self.location {
            Location::Sqlite { file, .. } => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(file);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("raw SQLite connection");
                for sql in statements {
                    sqlx::query(*sql).execute(&mut conn).await.expect(sql);
                }
                conn.close().await.expect("close raw connection");
            }
            Location::Postgres(db) => {
                let mut conn = PgConnection::connect(&db.url)
                    .await
                    .expect("raw PostgreSQL connection");
                for sql in statements {
                    sqlx::query(*sql).execute(&mut conn).await.expect(sql);
                }
                conn.close().await.expect("close raw connection");
            }
        }
    }
}

/// A PostgreSQL database created for one test and dropped (connections and all) when this value
/// is dropped, even if the test panicked.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create(admin_url: String) -> PgDatabase {
        // Only digits and lowercase hex: safe to splice into the statements below.
        let name = format!(
            "fusioncell_test_{}_{:016x}",
            std::process::id(),
            rand::random::<u64>()
        );
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("connect to FUSIONCELL_TEST_DATABASE_URL");
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let url = fusioncell_store::postgres_url_with_database(&admin_url, &name);
        PgDatabase {
            admin_url,
            name,
            url,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be shutting down (or unwinding), so
        // the database is dropped from a thread with its own small runtime.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                // FORCE ends the store's pooled connections, which may still be open.
                sqlx::query(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .map_err(|e| e.to_string())?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(err)) => eprintln!("could not drop test database {}: {err}", self.name),
            Err(_) => eprintln!(
                "could not drop test database {}: thread panicked",
                self.name
            ),
        }
    }
}

/// An entry whose fields are derived from `tag`, so tests can tell entries apart.
pub fn entry(tag: &str) -> NewEntry {
    let mut salt = [0u8; 32];
    for (i, b) in tag.bytes().enumerate() {
        salt[i % 32] ^= b;
    }
    NewEntry {
        recorded_at_ms: 1_700_000_000_000 + tag.len() as i64,
        body: tag.as_bytes().to_vec(),
        salt,
    }
}

/// Runs each listed scenario (`async fn(&TestDb)`) twice: on SQLite always, and on PostgreSQL
/// when `FUSIONCELL_TEST_DATABASE_URL` is set (otherwise it says on stderr that it did not run).
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$scenario(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let Some(db) = $crate::common::TestDb::postgres(stringify!($scenario)).await
                    else {
                        return;
                    };
                    super::$scenario(&db).await;
                }
            )*
        }
    };
}

#[test]
fn database_name_is_replaced_in_urls() {
    assert_eq!(
        fusioncell_store::postgres_url_with_database(
            "postgres://postgres@127.0.0.1:5432/postgres",
            "x"
        ),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        fusioncell_store::postgres_url_with_database(
            "postgres://u@127.0.0.1/db?sslmode=disable",
            "x"
        ),
        "postgres://u@127.0.0.1/x?sslmode=disable"
    );
    assert_eq!(
        fusioncell_store::postgres_url_with_database("postgres://u@127.0.0.1", "x"),
        "postgres://u@127.0.0.1/x"
    );
}
