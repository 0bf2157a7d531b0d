//! The same zones and activities in PostGIS, for the oracle test and the benchmark: a database
//! of its own (dropped afterwards), the `postgis` extension, GiST indexes, and the questions the
//! deconfliction index answers, asked as SQL (`ST_Intersects` plus range overlap).
//!
//! Geometries go in as GeoJSON written by `serde_json` (shortest round-trip decimals), so
//! PostGIS holds bit-for-bit the coordinates the index holds. Time windows are `tstzrange`s
//! built from whole milliseconds and altitude bands ranges of `float8`, both half-open like
//! ours; a missing band is the whole column.

#![allow(dead_code)] // The oracle and the benchmark each use part of this module.

use fusioncell_geo::{Activity, PreparedActivity, Zone};
use geo::MultiPolygon;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};

/// Environment variable naming the PostgreSQL server (the tests' administrative database).
pub const URL_VAR: &str = "FUSIONCELL_TEST_DATABASE_URL";

/// Rows sent per INSERT.
const CHUNK: usize = 1_000;

/// A database made for one run, with PostGIS, dropped with [`PostGis::drop_database`].
pub struct PostGis {
    admin_url: String,
    name: String,
    /// A connection to it.
    pub conn: PgConnection,
}

/// GeoJSON text of a MultiPolygon.
fn geojson(shape: &MultiPolygon<f64>) -> String {
    let coordinates: Vec<Vec<Vec<[f64; 2]>>> = shape
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|ring| ring.0.iter().map(|c| [c.x, c.y]).collect())
                .collect()
        })
        .collect();
    serde_json::json!({"type": "MultiPolygon", "coordinates": coordinates}).to_string()
}

impl PostGis {
    /// Creates a fresh database with PostGIS and the tables; `None` (saying so on stderr) when
    /// no server is configured.
    pub async fn create(what: &str) -> Option<PostGis> {
        let Ok(admin_url) = std::env::var(URL_VAR) else {
            eprintln!("{what}: not run, {URL_VAR} is not set (PostgreSQL with PostGIS needed)");
            return None;
        };
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        // Only digits and lowercase hex: safe to splice into the statements below.
        let name = format!(
            "fusioncell_geo_{}_{}",
            std::process::id(),
            hex::encode(nonce)
        );
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("connect to FUSIONCELL_TEST_DATABASE_URL");
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create the database");
        admin.close().await.expect("close");
        let mut conn = PgConnection::connect(&fusioncell_store::postgres_url_with_database(
            &admin_url, &name,
        ))
        .await
        .expect("connect to the new database");
        for sql in [
            "CREATE EXTENSION IF NOT EXISTS postgis",
            "CREATE TYPE floatrange AS RANGE (subtype = float8)",
            "CREATE FUNCTION ms(bigint) RETURNS timestamptz IMMUTABLE LANGUAGE sql
               AS $$ SELECT 'epoch'::timestamptz + $1 * interval '1 millisecond' $$",
            "CREATE TABLE zones (id text PRIMARY KEY, forbidden jsonb NOT NULL,
               geom geometry(MultiPolygon, 4326) NOT NULL)",
            "CREATE TABLE activities (id text PRIMARY KEY, party text NOT NULL, kind text NOT NULL,
               during tstzrange NOT NULL, alt floatrange, geom geometry(MultiPolygon, 4326) NOT NULL)",
            "CREATE TABLE queries (LIKE activities)",
        ] {
            sqlx::query(sql)
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e} (is postgresql-15-postgis-3 installed?)"));
        }
        Some(PostGis {
            admin_url,
            name,
            conn,
        })
    }

    /// Loads zones: their areas and, per party, the kinds they forbid.
    pub async fn load_zones(&mut self, zones: &[Zone]) {
        for chunk in zones.chunks(CHUNK) {
            let ids: Vec<&str> = chunk.iter().map(|z| z.id.as_str()).collect();
            let forbidden: Vec<String> = chunk
                .iter()
                .map(|z| {
                    let map: serde_json::Map<String, serde_json::Value> = z
                        .rules
                        .iter()
                        .map(|(p, r)| (p.clone(), serde_json::json!(r.forbidden_kinds)))
                        .collect();
                    serde_json::Value::Object(map).to_string()
                })
                .collect();
            let geoms: Vec<String> = chunk.iter().map(|z| geojson(z.area.shape())).collect();
            sqlx::query(
                "INSERT INTO zones (id, forbidden, geom)
                 SELECT id, f::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)
                 FROM UNNEST($1::text[], $2::text[], $3::text[]) AS t(id, f, g)",
            )
            .bind(ids)
            .bind(forbidden)
            .bind(geoms)
            .execute(&mut self.conn)
            .await
            .expect("insert zones");
        }
    }

    /// Loads activities (footprints as the index computes them) into `table`.
    pub async fn load_activities(&mut self, table: Table, activities: &[PreparedActivity]) {
        let sql = format!(
            "INSERT INTO {} (id, party, kind, during, alt, geom)
             SELECT id, party, kind, tstzrange(ms(s), ms(e), '[)'),
                    CASE WHEN lo IS NULL THEN NULL ELSE floatrange(lo, hi, '[)') END,
                    ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[],
                         $6::float8[], $7::float8[], $8::text[]) AS t(id, party, kind, s, e, lo, hi, g)",
            table.name()
        );
        for chunk in activities.chunks(CHUNK) {
            let a: Vec<&Activity> = chunk.iter().map(PreparedActivity::activity).collect();
            let kind = |a: &&Activity| serde_json::to_value(a.kind).unwrap_or_default();
            sqlx::query(AssertSqlSafe(sql.clone()))
                .bind(a.iter().map(|a| a.id.clone()).collect::<Vec<_>>())
                .bind(a.iter().map(|a| a.party.clone()).collect::<Vec<_>>())
                .bind(
                    a.iter()
                        .map(|a| kind(a).as_str().unwrap_or_default().to_string())
                        .collect::<Vec<_>>(),
                )
                .bind(a.iter().map(|a| a.window.start().0).collect::<Vec<_>>())
                .bind(a.iter().map(|a| a.window.end().0).collect::<Vec<_>>())
                .bind(
                    a.iter()
                        .map(|a| a.altitude.map(|b| b.lower_m()))
                        .collect::<Vec<_>>(),
                )
                .bind(
                    a.iter()
                        .map(|a| a.altitude.map(|b| b.upper_m()))
                        .collect::<Vec<_>>(),
                )
                .bind(
                    chunk
                        .iter()
                        .map(|p| geojson(p.footprint()))
                        .collect::<Vec<_>>(),
                )
                .execute(&mut self.conn)
                .await
                .expect("insert activities");
        }
    }

    /// Builds the GiST indexes and gathers statistics.
    pub async fn index(&mut self) {
        for sql in [
            "CREATE INDEX ON zones USING gist (geom)",
            "CREATE INDEX ON activities USING gist (geom, during)",
            "ANALYZE",
        ] {
            sqlx::query(sql)
                .execute(&mut self.conn)
                .await
                .expect("index");
        }
    }

    /// Stored activities that query `id` conflicts with: another party, windows and bands
    /// overlapping, footprints intersecting.
    pub async fn conflicts(&mut self, id: &str) -> Vec<String> {
        sqlx::query(
            "SELECT a.id FROM queries q JOIN activities a
               ON a.party <> q.party AND a.id <> q.id AND a.during && q.during
              AND (a.alt IS NULL OR q.alt IS NULL OR a.alt && q.alt)
              AND ST_Intersects(a.geom, q.geom)
             WHERE q.id = $1 ORDER BY a.id",
        )
        .bind(id)
        .fetch_all(&mut self.conn)
        .await
        .expect("conflict query")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
    }

    /// Zones whose rules forbid query `id`'s party its kind, and that its footprint touches.
    pub async fn violations(&mut self, id: &str) -> Vec<String> {
        sqlx::query(
            "SELECT z.id FROM queries q JOIN zones z
               ON jsonb_exists(z.forbidden -> q.party, q.kind) AND ST_Intersects(z.geom, q.geom)
             WHERE q.id = $1 ORDER BY z.id",
        )
        .bind(id)
        .fetch_all(&mut self.conn)
        .await
        .expect("violation query")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
    }

    /// Zones holding the point, one query.
    pub async fn zones_at(&mut self, lon: f64, lat: f64) -> Vec<String> {
        sqlx::query(
            "SELECT id FROM zones WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
             ORDER BY id",
        )
        .bind(lon)
        .bind(lat)
        .fetch_all(&mut self.conn)
        .await
        .expect("point query")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
    }

    /// Zones holding each point, many points in one query: `(point index, zone id)` pairs.
    pub async fn zones_at_many(&mut self, points: &[(f64, f64)]) -> Vec<(usize, String)> {
        sqlx::query(
            "SELECT p.n, z.id FROM UNNEST($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, n)
             JOIN zones z ON ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
             ORDER BY p.n, z.id",
        )
        .bind(points.iter().map(|p| p.0).collect::<Vec<_>>())
        .bind(points.iter().map(|p| p.1).collect::<Vec<_>>())
        .fetch_all(&mut self.conn)
        .await
        .expect("batched point query")
        .iter()
        .map(|r| (r.get::<i64, _>(0) as usize - 1, r.get::<String, _>(1)))
        .collect()
    }

    /// Drops the database.
    pub async fn drop_database(self) {
        self.conn.close().await.expect("close");
        let mut admin = PgConnection::connect(&self.admin_url)
            .await
            .expect("reconnect as admin");
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut admin)
        .await
        .expect("drop the database");
        admin.close().await.expect("close");
    }
}

/// Where activities go: the stored ones, or the queries asked about them.
#[derive(Clone, Copy)]
pub enum Table {
    /// Stored activities.
    Activities,
    /// Query activities.
    Queries,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Activities => "activities",
            Table::Queries => "queries",
        }
    }
}
