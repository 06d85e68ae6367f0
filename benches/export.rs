//! Placeholder: the export benchmark is being written.
fn main() {}
