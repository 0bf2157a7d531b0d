use super::*;

fn poly(rings: &str) -> String {
    format!(r#"{{"type":"Polygon","coordinates":{rings}}}"#)
}

const SQUARE_CCW: &str = "[[35,33],[36,33],[36,34],[35,34],[35,33]]";
const SQUARE_CW: &str = "[[35,33],[35,34],[36,34],[36,33],[35,33]]";
const HOLE_CW: &str = "[[35.2,33.2],[35.2,33.8],[35.8,33.8],[35.8,33.2],[35.2,33.2]]";

#[test]
fn accepts_a_valid_polygon_with_a_hole_and_round_trips() {
    let a = Area::parse(&poly(&format!("[{SQUARE_CCW},{HOLE_CW}]"))).unwrap();
    assert_eq!(a.shape().0.len(), 1);
    assert_eq!(a.shape().0[0].interiors().len(), 1);
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains(r#""type":"Polygon""#), "{json}");
    let back: Area = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn accepts_features_and_multipolygons() {
    let feature = format!(
        r#"{{"type":"Feature","properties":{{}},"geometry":{}}}"#,
        poly(&format!("[{SQUARE_CCW}]"))
    );
    assert!(Area::parse(&feature).is_ok());
    let multi = r#"{"type":"MultiPolygon","coordinates":[
        [[[35,33],[36,33],[36,34],[35,34],[35,33]]],
        [[[37,33],[38,33],[38,34],[37,34],[37,33]]]]}"#;
    let a = Area::parse(multi).unwrap();
    assert_eq!(a.shape().0.len(), 2);
    assert!(serde_json::to_string(&a).unwrap().contains("MultiPolygon"));
}

#[test]
fn normalizes_or_rejects_wrong_winding() {
    let a = Area::parse(&poly(&format!("[{SQUARE_CW}]"))).unwrap();
    let ext = &a.shape().0[0].exterior().0;
    assert_eq!(
        ext[1],
        geo::coord! { x: 36.0, y: 33.0 },
        "exterior reversed to CCW"
    );
    let hole_ccw = "[[35.2,33.2],[35.8,33.2],[35.8,33.8],[35.2,33.8],[35.2,33.2]]";
    let a = Area::parse(&poly(&format!("[{SQUARE_CCW},{hole_ccw}]"))).unwrap();
    let hole = &a.shape().0[0].interiors()[0].0;
    assert_eq!(
        hole[1],
        geo::coord! { x: 35.2, y: 33.8 },
        "hole reversed to CW"
    );

    let err = Area::parse_with(&poly(&format!("[{SQUARE_CW}]")), WindingPolicy::Reject);
    assert_eq!(
        err,
        Err(ShapeError::WrongWinding {
            polygon: 0,
            ring: 0,
            found: "clockwise"
        })
    );
    let err = Area::parse_with(
        &poly(&format!("[{SQUARE_CCW},{hole_ccw}]")),
        WindingPolicy::Reject,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "polygon 0 ring 1 winds counter-clockwise; RFC 7946 wants exterior rings counter-clockwise and holes clockwise"
    );
}

fn err(rings: &str) -> ShapeError {
    Area::parse(&poly(rings)).unwrap_err()
}

#[test]
fn rejects_structural_errors_naming_ring_and_vertex() {
    assert_eq!(
        err("[[[35,33],[36,33],[35,33]]]"),
        ShapeError::TooFewPositions {
            polygon: 0,
            ring: 0,
            count: 3
        }
    );
    assert_eq!(
        err("[[[35,33],[36,33],[36,34],[35,34]]]"),
        ShapeError::NotClosed {
            polygon: 0,
            ring: 0,
            last: 3
        }
    );
    assert_eq!(
        err("[[[35,33],[36,33],[36,33],[36,34],[35,34],[35,33]]]"),
        ShapeError::RepeatedVertex {
            polygon: 0,
            ring: 0,
            vertex: 2
        }
    );
    let e = err("[[[35,33],[36,33],[36,34],[35,34],[35,33]],[[35.5,33.5],[35.6]]]");
    assert_eq!(
        e,
        ShapeError::ShortPosition {
            polygon: 0,
            ring: 1,
            vertex: 1,
            count: 1
        }
    );
    let e = err("[[[35,33],[36,33],[200,34],[35,34],[35,33]]]");
    assert_eq!(
        e.to_string(),
        "polygon 0 ring 0 vertex 2: longitude 200 is outside [-180, 180]"
    );
    let e = err("[[[35,33],[36,33],[36,95],[35,34],[35,33]]]");
    assert!(e.to_string().contains("vertex 2: latitude 95"), "{e}");
    assert_eq!(err("[]"), ShapeError::NoRings { polygon: 0 });
}

#[test]
fn rejects_self_intersections() {
    // A bow tie: the edge from vertex 0 crosses the edge from vertex 2.
    let e = err("[[[35,33],[36,34],[36,33],[35,34],[35,33]]]");
    assert_eq!(
        e,
        ShapeError::SelfIntersection {
            polygon: 0,
            ring: 0,
            vertex: 0,
            other_vertex: 2
        }
    );
    assert!(
        e.to_string()
            .contains("edge from vertex 0 meets the edge from vertex 2")
    );
    // A spike out to (37,33.5) and back: the edges either side of it touch at (36,33.5).
    let e = err("[[[35,33],[36,33],[36,33.5],[37,33.5],[36,33.5],[36,34],[35,34],[35,33]]]");
    assert_eq!(
        e,
        ShapeError::SelfIntersection {
            polygon: 0,
            ring: 0,
            vertex: 1,
            other_vertex: 4
        }
    );
    // Collinear points all on one line enclose nothing.
    let e = err("[[[35,33],[36,33],[37,33],[35,33]]]");
    assert_eq!(
        e,
        ShapeError::Spike {
            polygon: 0,
            ring: 0,
            vertex: 0
        }
    );
}

#[test]
fn rejects_bad_holes_and_overlaps() {
    let outside = "[[37.2,33.2],[37.2,33.8],[37.8,33.8],[37.8,33.2],[37.2,33.2]]";
    assert_eq!(
        err(&format!("[{SQUARE_CCW},{outside}]")),
        ShapeError::HoleOutsideShell {
            polygon: 0,
            ring: 1
        }
    );
    let inner = "[[35.3,33.3],[35.3,33.7],[35.7,33.7],[35.7,33.3],[35.3,33.3]]";
    assert_eq!(
        err(&format!("[{SQUARE_CCW},{HOLE_CW},{inner}]")),
        ShapeError::NestedHoles {
            polygon: 0,
            ring: 2,
            other_ring: 1
        }
    );
    let crossing = "[[35.5,33.5],[35.5,34.5],[35.7,34.5],[35.7,33.5],[35.5,33.5]]";
    assert!(matches!(
        err(&format!("[{SQUARE_CCW},{crossing}]")),
        ShapeError::RingsIntersect {
            polygon: 0,
            ring: 0,
            other_polygon: 0,
            other_ring: 1,
            ..
        }
    ));
    let multi = r#"{"type":"MultiPolygon","coordinates":[
        [[[35,33],[36,33],[36,34],[35,34],[35,33]]],
        [[[35.2,33.2],[35.8,33.2],[35.8,33.8],[35.2,33.8],[35.2,33.2]]]]}"#;
    assert_eq!(
        Area::parse(multi).unwrap_err(),
        ShapeError::PolygonsOverlap {
            polygon: 1,
            other_polygon: 0
        }
    );
    // An island inside a lake is fine.
    let island = r#"{"type":"MultiPolygon","coordinates":[
        [[[35,33],[36,33],[36,34],[35,34],[35,33]],[[35.2,33.2],[35.2,33.8],[35.8,33.8],[35.8,33.2],[35.2,33.2]]],
        [[[35.3,33.3],[35.7,33.3],[35.7,33.7],[35.3,33.7],[35.3,33.3]]]]}"#;
    assert!(Area::parse(island).is_ok());
}

#[test]
fn rejects_wrong_types_and_garbage() {
    assert_eq!(
        Area::parse(r#"{"type":"Point","coordinates":[35,33]}"#),
        Err(ShapeError::WrongType("Point".into()))
    );
    assert!(matches!(Area::parse("{"), Err(ShapeError::Json(_))));
    assert_eq!(
        Area::parse(r#"{"type":"FeatureCollection","features":[]}"#),
        Err(ShapeError::WrongType("FeatureCollection".into()))
    );
    assert_eq!(
        Area::parse(r#"{"type":"Feature","properties":null,"geometry":null}"#),
        Err(ShapeError::MissingGeometry)
    );
    assert_eq!(
        Area::parse(r#"{"type":"MultiPolygon","coordinates":[]}"#),
        Err(ShapeError::Empty)
    );
}

#[test]
fn from_multi_polygon_checks_ranges() {
    let ring = geo::LineString::from(vec![(35.0, 33.0), (36.0, 33.0), (36.0, 91.0)]);
    let mp = geo::MultiPolygon(vec![geo::Polygon::new(ring, vec![])]);
    assert!(matches!(
        Area::from_multi_polygon(&mp, WindingPolicy::Normalize),
        Err(ShapeError::Coordinate { vertex: 2, .. })
    ));
}

/// Natural Earth outlines through `world-atlas` wind exterior rings clockwise (d3's spherical
/// convention) and keep a few zero-width spikes from topology quantisation: the default policy
/// re-orients the former, and the latter are named down to the vertex.
#[test]
fn real_outlines_validate_or_fail_precisely() {
    let outlines =
        crate::basemap::parse_outlines(include_str!("../../data/levant-borders.geojson")).unwrap();
    let shape = |name: &str| &outlines.iter().find(|o| o.name == name).unwrap().shape;
    for name in ["Israel", "Syria", "Lebanon", "Egypt", "Turkey", "Cyprus"] {
        let area = Area::from_multi_polygon(shape(name), WindingPolicy::Normalize);
        assert!(area.is_ok(), "{name}: {area:?}");
        assert_eq!(
            Area::from_multi_polygon(shape(name), WindingPolicy::Reject),
            Err(ShapeError::WrongWinding {
                polygon: 0,
                ring: 0,
                found: "clockwise"
            })
        );
    }
    // Near the Dead Sea the Jordan outline runs north to 31.4925 N, back to 31.4908 N and north
    // again along the same meridian.
    assert_eq!(
        Area::from_multi_polygon(shape("Jordan"), WindingPolicy::Normalize),
        Err(ShapeError::SelfIntersection {
            polygon: 0,
            ring: 0,
            vertex: 231,
            other_vertex: 233
        })
    );
}

#[test]
fn a_covering_circle_holds_the_whole_area_and_little_more() {
    use geo::{Distance, Geodesic, Point};
    // A long thin triangle: the middle of its box is far from every vertex but one.
    let area = Area::parse(&poly("[[[35.0,33.0],[36.0,33.0],[35.0,33.1],[35.0,33.0]]]")).unwrap();
    let (centre, radius) = area.covering_circle();
    assert_eq!((centre.lon, centre.lat), (35.5, 33.05));
    let c = Point::new(centre.lon, centre.lat);
    let farthest = [(35.0, 33.0), (36.0, 33.0), (35.0, 33.1)]
        .iter()
        .map(|&(x, y)| Geodesic.distance(c, Point::new(x, y)))
        .fold(0.0, f64::max);
    assert!(radius >= farthest, "{radius} < {farthest}");
    assert!(
        radius <= farthest * 1.002 + 2.0,
        "{radius} too large for {farthest}"
    );
    // Points along the edges lie within it too.
    for t in 0..=100 {
        let p = Point::new(
            35.0 + f64::from(t) / 100.0,
            33.0 + 0.1 * (1.0 - f64::from(t) / 100.0),
        );
        assert!(Geodesic.distance(c, p) <= radius);
    }
}
