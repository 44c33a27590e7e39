//! Pure policy-document library: parse, normalize, compare, validate.
