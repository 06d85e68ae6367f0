//! The phone page, served by the binary itself: no CDN, no external fonts, nothing fetched
//! from the internet, so it works on a room's Wi-Fi with no connection beyond it.

pub const INDEX: &[u8] = include_bytes!("page/index.html");
pub const SCRIPT: &[u8] = include_bytes!("page/app.js");
pub const STYLE: &[u8] = include_bytes!("page/app.css");
pub const ICON: &[u8] = include_bytes!("page/icon.svg");
