//! fusioncell-domain (being built).
