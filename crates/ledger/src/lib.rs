//! fusioncell-ledger (being built).
