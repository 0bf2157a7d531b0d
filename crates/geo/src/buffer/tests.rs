use super::*;
use geo::{Contains, Haversine};
use proptest::prelude::*;

/// Geodesic distance from `p` to the lon/lat-straight segment `a`–`b`, by golden-section search.
fn distance_to_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let f = |t: f64| {
        Geodesic.distance(
            Point::from(p),
            Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t),
        )
    };
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..80 {
        let m1 = hi - g * (hi - lo);
        let m2 = lo + g * (hi - lo);
        if f(m1) < f(m2) {
            hi = m2;
        } else {
            lo = m1;
        }
    }
    f((lo + hi) / 2.0).min(f(0.0)).min(f(1.0))
}

fn distance_to_lines(p: Coord<f64>, lines: &[Vec<Coord<f64>>]) -> f64 {
    lines
        .iter()
        .flat_map(|l| l.windows(2))
        .map(|w| distance_to_segment(p, w[0], w[1]))
        .fold(f64::INFINITY, f64::min)
}

/// Every vertex of `result`, and every edge midpoint, lies at `d` metres (within 0.5 %) from
/// `source` lines.
fn assert_boundary_at(result: &MultiPolygon<f64>, source: &[Vec<Coord<f64>>], d: f64) {
    assert!(!result.0.is_empty());
    let mut worst = 0.0f64;
    for poly in &result.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for w in ring.0.windows(2) {
                let mid = Coord {
                    x: (w[0].x + w[1].x) / 2.0,
                    y: (w[0].y + w[1].y) / 2.0,
                };
                for p in [w[0], mid] {
                    let err = (distance_to_lines(p, source) - d).abs() / d;
                    worst = worst.max(err);
                }
            }
        }
    }
    assert!(worst < 0.005, "worst relative error {worst}");
}

fn ll(lon: f64, lat: f64) -> LonLat {
    LonLat { lon, lat }
}

#[test]
fn circle_radius_is_geodesic() {
    let c = ll(35.8, 33.1);
    let disc = circle(c, 10_000.0).unwrap();
    let ring = &disc.0[0].exterior().0;
    assert!(ring.len() > 60);
    for w in ring.windows(2) {
        for p in [w[0], (w[0] + w[1]) / 2.0] {
            let d = Geodesic.distance(Point::new(35.8, 33.1), p.into());
            assert!((d - 10_000.0).abs() < 50.0, "{d}");
        }
    }
    assert!(disc.contains(&Point::new(35.8, 33.1)));
    // Haversine (a sphere) disagrees with the ellipsoid by a few tenths of a percent at most.
    let h = Haversine.distance(Point::new(35.8, 33.1), ring[0].into());
    assert!((h - 10_000.0).abs() / 10_000.0 < 0.005, "{h}");
}

#[test]
fn line_buffer_matches_geodesic_distance() {
    // A line like the 1974 separation line on the Golan, from Mount Hermon south.
    let line = [
        ll(35.78, 33.33),
        ll(35.85, 33.10),
        ll(35.88, 32.90),
        ll(35.80, 32.70),
    ];
    let source = vec![line.iter().map(|p| p.to_coord()).collect::<Vec<_>>()];
    for d in [500.0, 10_000.0, 25_000.0] {
        let b = buffer_line(&line, d).unwrap();
        assert_boundary_at(&b, &source, d);
    }
}

#[test]
fn area_buffers_grow_and_shrink_geodesically() {
    let area = Area::parse(
        r#"{"type":"Polygon","coordinates":[[[35.7,32.9],[36.0,32.9],[36.1,33.2],[35.8,33.3],[35.7,32.9]],
        [[35.85,33.0],[35.8,33.1],[35.95,33.1],[35.85,33.0]]]}"#,
    )
    .unwrap();
    let rings: Vec<Vec<Coord<f64>>> = area
        .shape()
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.clone())
        .collect();
    let grown = buffer_area(&area, 5_000.0).unwrap();
    assert_boundary_at(&grown, &rings, 5_000.0);
    assert!(
        grown.contains(&Point::new(35.9, 33.05)),
        "the hole is filled"
    );
    let shrunk = buffer_area(&area, -2_000.0).unwrap();
    assert_boundary_at(&shrunk, &rings, 2_000.0);
    assert!(buffer_area(&area, -60_000.0).unwrap().0.is_empty());
}

#[test]
fn buffer_errors() {
    let c = ll(35.0, 33.0);
    assert_eq!(circle(c, 0.0), Err(BufferError::Distance(0.0)));
    assert_eq!(circle(c, 0.05), Err(BufferError::Distance(0.05)));
    assert!(circle(c, 0.1).is_ok());
    // A line whose positions coincide buffers to a disc.
    assert!(buffer_line(&[c, c], 100.0).is_ok());
    assert!(circle(c, f64::NAN).unwrap_err().to_string().contains("NaN"));
    assert_eq!(buffer_line(&[c], 10.0), Err(BufferError::TooFewPoints(1)));
    assert!(matches!(
        buffer_line(&[c, ll(35.0, 95.0)], 10.0),
        Err(BufferError::Coordinate { vertex: 1, .. })
    ));
    assert!(matches!(
        buffer_line(&[c, ll(55.0, 33.0)], 10.0),
        Err(BufferError::TooLarge { .. })
    ));
    assert_eq!(
        circle(ll(179.99, 0.0), 5_000.0),
        Err(BufferError::CrossesAntimeridian)
    );
    assert_eq!(
        circle(ll(0.0, 89.99), 5_000.0),
        Err(BufferError::CrossesAntimeridian)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn random_corridors_are_within_half_a_percent(
        lon in 34.5f64..38.5,
        lat in 29.5f64..36.5,
        legs in proptest::collection::vec((-0.3f64..0.3, -0.3f64..0.3), 1..4),
        d in 200.0f64..20_000.0,
    ) {
        let mut line = vec![ll(lon, lat)];
        for (dx, dy) in legs {
            let last = line[line.len() - 1];
            if dx.abs() + dy.abs() < 1e-3 {
                continue;
            }
            line.push(ll(last.lon + dx, last.lat + dy));
        }
        prop_assume!(line.len() >= 2);
        let source = vec![line.iter().map(|p| p.to_coord()).collect::<Vec<_>>()];
        let b = buffer_line(&line, d).unwrap();
        assert_boundary_at(&b, &source, d);
    }
}

/// Bent lines whose buffers failed validation, shaped like the demo's Line A (found by
/// buffering random such lines: a quarter of the buffers at 10, 20 and 25 km failed). In the
/// first the stroker's planar exterior crossed itself in small loops where the offsets of short
/// densified segments overlap at a bend; in the second the planar shape was valid but two of
/// its edges, nearly meeting, crossed once unprojected.
#[test]
fn bent_lines_buffer_to_valid_areas() {
    let lines: [[(f64, f64); 6]; 2] = [
        [
            (35.78327339533736, 33.3327101622597),
            (35.78722140120374, 33.1912646332599),
            (35.867089061614074, 33.0931357156073),
            (35.76972450506237, 32.95919897227807),
            (35.87521154660371, 32.79725066096653),
            (35.835264218497436, 32.694304368966115),
        ],
        [
            (35.81293949745314, 33.32027814234726),
            (35.76938951817374, 33.19760491706585),
            (35.77106816041973, 33.0939508690654),
            (35.83820071399217, 32.95520841392619),
            (35.879107334695775, 32.80321268774761),
            (35.82694819989161, 32.708399714536846),
        ],
    ];
    for points in lines {
        let line: Vec<LonLat> = points
            .into_iter()
            .map(|(lon, lat)| LonLat { lon, lat })
            .collect();
        for km in [10.0, 20.0, 25.0] {
            let band = buffer_line(&line, km * 1_000.0).unwrap();
            if let Err(e) = crate::Area::from_multi_polygon(&band, crate::WindingPolicy::Normalize)
            {
                panic!("{points:?} at {km} km: {e}");
            }
        }
    }
}
