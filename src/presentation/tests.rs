//! The core applied with no window: actions in, view models out.
