//! fusioncell-geo (being built).
