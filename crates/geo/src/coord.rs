//! Longitude/latitude positions and the small-distance metric used near a point.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// WGS 84 semi-major axis, metres.
const WGS84_A: f64 = 6_378_137.0;
/// WGS 84 flattening.
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// A WGS 84 position in degrees, longitude first as in GeoJSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    /// Longitude, degrees east, in `[-180, 180]`.
    pub lon: f64,
    /// Latitude, degrees north, in `[-90, 90]`.
    pub lat: f64,
}

/// Why a coordinate pair was refused.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum CoordError {
    /// NaN or infinity: no place on Earth.
    #[error("coordinate is not a finite number (lon {lon}, lat {lat})")]
    NonFinite {
        /// The longitude given.
        lon: f64,
        /// The latitude given.
        lat: f64,
    },
    /// Longitude outside `[-180, 180]`.
    #[error("longitude {0} is outside [-180, 180]")]
    Longitude(f64),
    /// Latitude outside `[-90, 90]`.
    #[error("latitude {0} is outside [-90, 90]")]
    Latitude(f64),
}

impl LonLat {
    /// Builds a checked position.
    pub fn new(lon: f64, lat: f64) -> Result<Self, CoordError> {
        let p = LonLat { lon, lat };
        p.validate()?;
        Ok(p)
    }

    /// Checks that the position is finite and within WGS 84 ranges.
    pub fn validate(&self) -> Result<(), CoordError> {
        check(self.lon, self.lat)
    }

    /// The same position as a `geo` coordinate (x = lon, y = lat).
    pub fn to_coord(self) -> geo::Coord<f64> {
        geo::coord! { x: self.lon, y: self.lat }
    }
}

/// Checks a raw lon/lat pair.
pub(crate) fn check(lon: f64, lat: f64) -> Result<(), CoordError> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err(CoordError::NonFinite { lon, lat });
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(CoordError::Longitude(lon));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(CoordError::Latitude(lat));
    }
    Ok(())
}

/// Metres per degree of longitude (`kx`) and latitude (`ky`) at one latitude, on the WGS 84
/// ellipsoid.
///
/// Distances of a few kilometres around that latitude are then planar to within about
/// `tan(lat) * d / R` (0.1 % at 10 km): good enough for hysteresis margins and candidate
/// envelopes, and far cheaper than a geodesic solution per edge.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalScale {
    pub kx: f64,
    pub ky: f64,
}

impl LocalScale {
    /// The scale at latitude `lat` (degrees).
    pub fn at(lat: f64) -> Self {
        let e2 = WGS84_F * (2.0 - WGS84_F);
        let (s, c) = lat.to_radians().sin_cos();
        let w2 = 1.0 - e2 * s * s;
        let n = WGS84_A / w2.sqrt();
        let m = WGS84_A * (1.0 - e2) / (w2 * w2.sqrt());
        let rad = std::f64::consts::PI / 180.0;
        LocalScale {
            kx: n * c.abs() * rad,
            ky: m * rad,
        }
    }
}

/// Degrees of longitude and latitude that surely cover `metres` anywhere in the latitude band
/// `[lat_min, lat_max]`. Used to widen bounding boxes before an R-tree lookup, so it errs large.
pub(crate) fn degree_margin(metres: f64, lat_min: f64, lat_max: f64) -> (f64, f64) {
    if metres <= 0.0 {
        return (0.0, 0.0);
    }
    // The meridian radius is smallest at the equator and east-west degrees are shortest at the
    // latitude furthest from it, so these give the widest margins; 1 % extra absorbs rounding.
    let worst_lat = lat_min.abs().max(lat_max.abs()).min(90.0);
    let ky = LocalScale::at(0.0).ky;
    let kx = LocalScale::at(worst_lat).kx;
    let dlat = 1.01 * metres / ky;
    let dlon = if kx * 360.0 <= metres {
        360.0
    } else {
        (1.01 * metres / kx).min(360.0)
    };
    (dlon, dlat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn range_checks() {
        assert!(LonLat::new(35.8, 33.1).is_ok());
        assert_eq!(LonLat::new(181.0, 0.0), Err(CoordError::Longitude(181.0)));
        assert_eq!(LonLat::new(0.0, -90.5), Err(CoordError::Latitude(-90.5)));
        assert!(matches!(
            LonLat::new(f64::NAN, 0.0),
            Err(CoordError::NonFinite { .. })
        ));
    }

    #[test]
    fn local_scale_matches_geodesic_over_short_distances() {
        let lat = 33.0;
        let s = LocalScale::at(lat);
        let origin = Point::new(35.8, lat);
        let east = Geodesic.distance(origin, Point::new(35.81, lat));
        let north = Geodesic.distance(origin, Point::new(35.8, lat + 0.01));
        assert!((s.kx * 0.01 - east).abs() / east < 1e-4);
        assert!((s.ky * 0.01 - north).abs() / north < 1e-4);
    }

    #[test]
    fn degree_margin_covers_the_distance() {
        let (dlon, dlat) = degree_margin(10_000.0, 29.0, 37.0);
        let p = Point::new(36.0, 37.0);
        assert!(Geodesic.distance(p, Point::new(36.0 + dlon, 37.0)) >= 10_000.0);
        assert!(Geodesic.distance(p, Point::new(36.0, 37.0 + dlat)) >= 10_000.0);
        assert_eq!(degree_margin(0.0, 0.0, 0.0), (0.0, 0.0));
        assert_eq!(degree_margin(1.0, 89.0, 90.0).0, 360.0);
    }
}
