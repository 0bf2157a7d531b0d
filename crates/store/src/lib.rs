//! fusioncell-store (being built).
