//! The de-escalation map as SVG, drawn on the server: the basemap's country outlines, agreed
//! zones, live activities by party, incidents, alerts and zone crossings, each shape a link to
//! its record. One equirectangular projection of the Levant serves every map; a view is a
//! centre and a zoom level, i.e. a window (`viewBox`) onto it, which the script pans and zooms
//! without asking the server again.

use std::sync::LazyLock;

use fusioncell_domain::deescalation::{AlertCause, Coord7, queries};
use fusioncell_domain::{PartyId, Timestamp};
use fusioncell_geo::basemap::{SvgFeature, SvgProjection, basemap_paths};
use geo::{BooleanOps, BoundingRect, Coord, MultiPolygon, Rect};

use super::text::Describe;
use crate::console::view::Viewer;

/// The country outlines (Natural Earth, see `crates/geo/data/PROVENANCE.md`).
const LEVANT: &str = include_str!("../../../geo/data/levant-borders.geojson");
/// The projected area: lon 33°–40°, lat 28.5°–37.5°.
const BOUNDS: (f64, f64, f64, f64) = (33.0, 28.5, 40.0, 37.5);
/// Width of the whole projected area, in SVG units.
const WIDTH: f64 = 1_400.0;
/// Height of a view over its width.
const ASPECT: f64 = 0.7;
/// Closest zoom: 2⁸ times the whole area (a view about 2.5 km wide).
pub const MAX_ZOOM: u8 = 8;
/// Radius of a marker, in units of the whole-area view: about 7 pixels on screen at any zoom.
const MARKER: f64 = 12.0;

static PROJECTION: LazyLock<SvgProjection> = LazyLock::new(|| {
    let (x0, y0, x1, y1) = BOUNDS;
    SvgProjection::fit(Rect::new((x0, y0), (x1, y1)), WIDTH).expect("the bounds are lon/lat")
});

/// The outlines clipped to the projected area (the file covers far more), projected once.
static LAND: LazyLock<Vec<SvgFeature>> = LazyLock::new(|| {
    let (x0, y0, x1, y1) = BOUNDS;
    let frame = Rect::new((x0 - 0.5, y0 - 0.5), (x1 + 0.5, y1 + 0.5)).to_polygon();
    let outlines = fusioncell_geo::basemap::parse_outlines(LEVANT).unwrap_or_default();
    let clipped: Vec<(String, MultiPolygon<f64>)> = outlines
        .into_iter()
        .map(|o| (o.name, o.shape.intersection(&frame)))
        .filter(|(_, shape)| !shape.0.is_empty())
        .collect();
    let text = serde_json::json!({
        "type": "FeatureCollection",
        "features": clipped.iter().map(|(name, shape)| serde_json::json!({
            "type": "Feature",
            "properties": {"name": name},
            "geometry": geojson_of(shape),
        })).collect::<Vec<_>>(),
    })
    .to_string();
    basemap_paths(&text, &PROJECTION).unwrap_or_default()
});

fn geojson_of(shape: &MultiPolygon<f64>) -> serde_json::Value {
    let coordinates: Vec<Vec<Vec<[f64; 2]>>> = shape
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|r| r.0.iter().map(|c| [c.x, c.y]).collect())
                .collect()
        })
        .collect();
    serde_json::json!({"type": "MultiPolygon", "coordinates": coordinates})
}

/// Where a map looks: a centre and a zoom level (0 shows the whole area).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapView {
    /// Longitude of the centre.
    pub lon: f64,
    /// Latitude of the centre.
    pub lat: f64,
    /// Zoom level, 0 to [`MAX_ZOOM`].
    pub zoom: u8,
}

impl Default for MapView {
    /// Over the Golan and the lines of 1974.
    fn default() -> Self {
        MapView {
            lon: 35.85,
            lat: 33.05,
            zoom: 3,
        }
    }
}

impl MapView {
    /// A view from query parameters, clamped to the area; missing ones take the default's.
    pub fn new(lon: Option<f64>, lat: Option<f64>, zoom: Option<u8>) -> MapView {
        let d = MapView::default();
        let (x0, y0, x1, y1) = BOUNDS;
        MapView {
            lon: lon.filter(|v| v.is_finite()).unwrap_or(d.lon).clamp(x0, x1),
            lat: lat.filter(|v| v.is_finite()).unwrap_or(d.lat).clamp(y0, y1),
            zoom: zoom.unwrap_or(d.zoom).min(MAX_ZOOM),
        }
    }

    /// The closest view showing all of `bbox` (with a margin).
    pub fn fit(bbox: Rect<f64>) -> MapView {
        let c = bbox.center();
        let (x0, _, x1, _) = BOUNDS;
        let wanted = (bbox.width().max(bbox.height() / ASPECT) * 1.6).max(1e-6);
        let zoom = ((x1 - x0) / wanted)
            .log2()
            .floor()
            .clamp(0.0, f64::from(MAX_ZOOM)) as u8;
        MapView::new(Some(c.x), Some(c.y), Some(zoom))
    }

    fn scale(self) -> f64 {
        f64::from(1u32 << self.zoom)
    }

    /// `x y w h` of the SVG `viewBox`.
    fn view_box(self) -> String {
        let (cx, cy) = PROJECTION.project(fusioncell_geo::LonLat {
            lon: self.lon,
            lat: self.lat,
        });
        let w = WIDTH / self.scale();
        let h = w * ASPECT;
        format!("{:.2} {:.2} {w:.2} {h:.2}", cx - w / 2.0, cy - h / 2.0)
    }

    /// The view moved by fractions of its width and height and zoomed by `dzoom`, as a query.
    pub fn query(self, east: f64, north: f64, dzoom: i8) -> String {
        let (x0, _, x1, _) = BOUNDS;
        let width_deg = (x1 - x0) / self.scale();
        let height_deg = width_deg * ASPECT / (self.lat.to_radians().cos()).max(0.1);
        let moved = MapView::new(
            Some(self.lon + east * width_deg),
            Some(self.lat + north * height_deg),
            Some(self.zoom.saturating_add_signed(dzoom).min(MAX_ZOOM)),
        );
        format!(
            "?lon={:.4}&lat={:.4}&zoom={}",
            moved.lon, moved.lat, moved.zoom
        )
    }
}

/// A shape on the map, linking to its record.
pub struct MapShape {
    /// SVG path data.
    pub d: String,
    /// CSS classes.
    pub class: String,
    /// Its record's page.
    pub href: String,
    /// What it is, for the tooltip and screen readers.
    pub title: String,
}

/// A point on the map, linking to its record.
pub struct MapMarker {
    /// Position, SVG units.
    pub x: String,
    /// Position, SVG units.
    pub y: String,
    /// CSS classes.
    pub class: String,
    /// Its record's page.
    pub href: String,
    /// What it is.
    pub title: String,
}

/// A map ready for the `_map.html` template.
pub struct MapSvg {
    /// The SVG `viewBox`.
    pub view_box: String,
    /// Marker radius at this zoom, SVG units.
    pub marker_r: String,
    /// Data the script needs to pan and zoom: `lon0 lat1 degrees-per-unit-x degrees-per-unit-y
    /// width max-zoom marker`.
    pub geometry: String,
    /// Links that pan and zoom without the script.
    pub controls: MapControls,
    /// Country outlines.
    pub land: &'static [SvgFeature],
    /// Zones, then activities.
    pub shapes: Vec<MapShape>,
    /// Incidents, crossings and alerts.
    pub markers: Vec<MapMarker>,
}

/// The pan and zoom links of a map.
pub struct MapControls {
    /// Closer.
    pub zoom_in: String,
    /// Farther.
    pub zoom_out: String,
    /// Moved north.
    pub north: String,
    /// Moved south.
    pub south: String,
    /// Moved east.
    pub east: String,
    /// Moved west.
    pub west: String,
}

/// Shapes added to a map.
#[derive(Default)]
pub struct Layers {
    /// Shapes, drawn in order.
    pub shapes: Vec<MapShape>,
    /// Markers, drawn above the shapes.
    pub markers: Vec<MapMarker>,
}

fn project(c: Coord<f64>) -> (String, String) {
    let (x, y) = PROJECTION.project(fusioncell_geo::LonLat { lon: c.x, lat: c.y });
    (format!("{x:.2}"), format!("{y:.2}"))
}

impl Layers {
    /// Adds an area.
    pub fn shape(&mut self, area: &MultiPolygon<f64>, class: String, href: String, title: String) {
        self.shapes.push(MapShape {
            d: PROJECTION.path_d(area),
            class,
            href,
            title,
        });
    }

    /// Adds a marker at a lon/lat position.
    pub fn marker(&mut self, at: Coord<f64>, class: &str, href: String, title: String) {
        let (x, y) = project(at);
        self.markers.push(MapMarker {
            x,
            y,
            class: class.into(),
            href,
            title,
        });
    }

    /// The map of these layers seen through `view`, on the page at `base` (a path).
    pub fn into_map(self, view: MapView, base: &str) -> MapSvg {
        let (x0, y0, x1, y1) = BOUNDS;
        let link =
            |east: f64, north: f64, dzoom: i8| format!("{base}{}", view.query(east, north, dzoom));
        MapSvg {
            view_box: view.view_box(),
            controls: MapControls {
                zoom_in: link(0.0, 0.0, 1),
                zoom_out: link(0.0, 0.0, -1),
                north: link(0.0, 0.4, 0),
                south: link(0.0, -0.4, 0),
                east: link(0.4, 0.0, 0),
                west: link(-0.4, 0.0, 0),
            },
            marker_r: format!("{:.3}", MARKER / view.scale()),
            geometry: format!(
                "{x0} {y1} {} {} {WIDTH} {MAX_ZOOM} {MARKER}",
                (x1 - x0) / WIDTH,
                (y1 - y0) / PROJECTION.height()
            ),
            land: &LAND,
            shapes: self.shapes,
            markers: self.markers,
        }
    }
}

/// A stored position as a map coordinate.
pub fn coord(c: Coord7) -> Coord<f64> {
    Coord {
        x: c.lon(),
        y: c.lat(),
    }
}

/// Where to mark an alert: where its activity meets the other activity or the zone (the middle
/// of their boxes' overlap), or where the track crossed.
fn alert_at(v: &Viewer, cause: &AlertCause) -> Option<Coord<f64>> {
    let index = &v.state.deescalation.index;
    let rect = |shape: Option<&MultiPolygon<f64>>| shape.and_then(BoundingRect::bounding_rect);
    let (a, b) = match cause {
        AlertCause::ZoneEntry { crossing } => return Some(coord(crossing.position)),
        AlertCause::Conflict {
            activity, other, ..
        } => (
            rect(index.footprint(activity.as_str())),
            rect(index.footprint(other.as_str())),
        ),
        AlertCause::ZoneRule { activity, zone, .. }
        | AlertCause::ForceCap { activity, zone, .. } => (
            rect(index.footprint(activity.as_str())),
            rect(index.zone_area(zone.as_str())),
        ),
    };
    let (a, b) = (a?, b?);
    let lo = Coord {
        x: a.min().x.max(b.min().x),
        y: a.min().y.max(b.min().y),
    };
    let hi = Coord {
        x: a.max().x.min(b.max().x),
        y: a.max().y.min(b.max().y),
    };
    Some(Coord {
        x: (lo.x + hi.x) / 2.0,
        y: (lo.y + hi.y) / 2.0,
    })
}

/// The CSS class of a party's colour: its place among the cell's parties.
pub fn party_class(v: &Viewer, party: &PartyId) -> String {
    let n = v
        .config
        .parties
        .iter()
        .position(|p| &p.id == party)
        .unwrap_or(0);
    format!("party-{n}")
}

/// How long crossings and zone-entry alerts stay on the map.
const RECENT_MS: i64 = 7 * 86_400_000;

/// Everything the reader may see that belongs on the map now: zones (in force, and proposed
/// versions dashed), upcoming and active activities, incidents, recent crossings, and the
/// alerts of what is shown.
pub fn everything(describe: &Describe) -> Layers {
    let v = describe.v;
    use fusioncell_domain::deescalation::{ActivityStatus, queries::ActivityFilter};
    let mut layers = Layers::default();
    let reader = Some(v.party());
    let index = &v.state.deescalation.index;
    for z in queries::zones(v.state, reader) {
        let href = format!("/zones/{}", z.id);
        if let (Some(current), Some(area)) = (z.current(), index.zone_area(z.id.as_str())) {
            layers.shape(area, "zone".into(), href.clone(), describe.zone(z, current));
        }
        if let Some(latest) = z.latest().filter(|l| Some(l.version) != z.in_force)
            && let Ok(area) = latest.area.to_area("area")
        {
            layers.shape(
                area.shape(),
                "zone proposed".into(),
                href,
                describe.zone(z, latest),
            );
        }
    }
    let live = ActivityFilter {
        status: vec![ActivityStatus::Upcoming, ActivityStatus::Active],
        ..ActivityFilter::default()
    };
    for a in queries::activities(v.state, reader, &live, v.now) {
        if let Some(footprint) = index.footprint(a.id.as_str()) {
            let status = if a.status(v.now) == ActivityStatus::Active {
                "active"
            } else {
                "upcoming"
            };
            layers.shape(
                footprint,
                format!("activity {} {status}", party_class(v, &a.party)),
                format!("/activities/{}", a.id),
                describe.activity(a),
            );
        }
    }
    for i in queries::incidents(v.state, reader) {
        layers.marker(
            coord(i.report.place),
            "incident",
            format!("/incidents/{}", i.id),
            describe.incident(i),
        );
    }
    let recent = |t: Timestamp| v.now.millis_since(t) < RECENT_MS;
    for c in queries::crossings(v.state, reader) {
        let x = c.crossing.crossing();
        if recent(x.at) {
            let class = if c.crossing.is_entry() {
                "crossing entered"
            } else {
                "crossing exited"
            };
            layers.marker(
                coord(x.position),
                class,
                format!("/zones/{}", x.zone),
                describe.crossing(&c.crossing),
            );
        }
    }
    for alert in queries::alerts(v.state, reader) {
        let shown = match &alert.cause {
            AlertCause::ZoneEntry { crossing } => recent(crossing.at),
            cause => cause
                .activities()
                .iter()
                .all(|a| index.footprint(a.as_str()).is_some()),
        };
        if let (true, Some(at)) = (shown, alert_at(v, &alert.cause)) {
            layers.marker(
                at,
                "alert",
                describe.alert_href(alert),
                describe.alert(alert),
            );
        }
    }
    layers
}
