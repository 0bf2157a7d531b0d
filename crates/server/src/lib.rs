//! fusioncell-server (being built).
