//! Where the server listens and how phones find it: the laptop's LAN addresses, the join URL
//! for each, and the QR code the projector draws.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

use qrcode::{Color, EcLevel, QrCode};

use super::PhoneError;

/// Which addresses the server listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// The laptop's private IPv4 addresses (Wi-Fi, Ethernet, its own hotspot) and loopback.
    #[default]
    Lan,
    /// Loopback only: this laptop's own browser, and tests.
    Loopback,
}

/// An address phones can open to join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinUrl {
    /// `http://192.168.1.20:8123/`
    pub url: String,
    /// The network interface it belongs to (`wlan0`), or `loopback`.
    pub interface: String,
    /// Other devices can reach it; false for loopback, which only this laptop can open.
    pub for_phones: bool,
}

/// The addresses to listen on for `reach`, each with its interface's name; loopback first.
pub fn listen_addresses(reach: Reach) -> Vec<(String, Ipv4Addr)> {
    let mut addresses = vec![("loopback".to_owned(), Ipv4Addr::LOCALHOST)];
    if reach == Reach::Loopback {
        return addresses;
    }
    // No interfaces listed (a sandbox without netlink) leaves loopback, which still works.
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    for interface in interfaces {
        if let IpAddr::V4(ip) = interface.ip()
            && ip.is_private()
            && !addresses.iter().any(|(_, known)| *known == ip)
        {
            addresses.push((interface.name, ip));
        }
    }
    addresses
}

/// Listens on every address of `addresses` with one port: `port`, or a free one when 0.
pub fn bind_all(
    addresses: &[(String, Ipv4Addr)],
    port: u16,
) -> Result<Vec<(String, TcpListener)>, PhoneError> {
    // A free port on loopback may be taken on another address; a few tries find one free on all.
    let tries = if port == 0 { 5 } else { 1 };
    let mut last_error = None;
    for _ in 0..tries {
        match bind_once(addresses, port) {
            Ok(listeners) => return Ok(listeners),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or(PhoneError::NoAddress))
}

fn bind_once(
    addresses: &[(String, Ipv4Addr)],
    port: u16,
) -> Result<Vec<(String, TcpListener)>, PhoneError> {
    let mut listeners: Vec<(String, TcpListener)> = Vec::new();
    let mut port = port;
    for (interface, ip) in addresses {
        let address = SocketAddr::new(IpAddr::V4(*ip), port);
        let listener = TcpListener::bind(address).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AddrInUse {
                PhoneError::PortTaken { address }
            } else {
                PhoneError::Listen { address, source }
            }
        })?;
        if port == 0 {
            port = listener
                .local_addr()
                .map_err(|source| PhoneError::Listen { address, source })?
                .port();
        }
        listeners.push((interface.clone(), listener));
    }
    if listeners.is_empty() {
        return Err(PhoneError::NoAddress);
    }
    Ok(listeners)
}

/// The join URL of each listening address, those phones can reach first.
pub fn join_urls(listening: &[(String, SocketAddr)]) -> Vec<JoinUrl> {
    let mut urls: Vec<JoinUrl> = listening
        .iter()
        .map(|(interface, address)| JoinUrl {
            url: format!("http://{address}/"),
            interface: interface.clone(),
            for_phones: !address.ip().is_loopback(),
        })
        .collect();
    urls.sort_by_key(|url| !url.for_phones);
    urls
}

/// A QR code as a square grid of modules, for the projector to draw (with a quiet zone of
/// four light modules around it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The code for `text`, with medium error correction (a projector's glare and a phone's
    /// camera at the back of the room).
    pub fn for_text(text: &str) -> Result<QrMatrix, PhoneError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| PhoneError::Qr(e.to_string()))?;
        Ok(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark; outside the grid is light.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_reach_listens_on_loopback_only() {
        assert_eq!(
            listen_addresses(Reach::Loopback),
            vec![("loopback".to_owned(), Ipv4Addr::LOCALHOST)]
        );
        let lan = listen_addresses(Reach::Lan);
        assert_eq!(lan.first().map(|(_, ip)| *ip), Some(Ipv4Addr::LOCALHOST));
        assert!(lan.iter().skip(1).all(|(_, ip)| ip.is_private()));
    }

    #[test]
    fn phone_urls_come_before_loopback() {
        let urls = join_urls(&[
            ("loopback".into(), "127.0.0.1:8123".parse().unwrap()),
            ("wlan0".into(), "192.168.1.20:8123".parse().unwrap()),
        ]);
        assert_eq!(urls[0].url, "http://192.168.1.20:8123/");
        assert!(urls[0].for_phones);
        assert_eq!(urls[1].url, "http://127.0.0.1:8123/");
        assert!(!urls[1].for_phones);
    }

    #[test]
    fn a_qr_code_is_a_square_grid_with_finder_patterns() {
        let qr = QrMatrix::for_text("http://192.168.1.20:8123/#pin=123456").unwrap();
        assert!(qr.width() >= 21 && qr.width() % 4 == 1, "{}", qr.width());
        // The top-left finder pattern: a dark ring, a light ring, a dark 3x3 centre.
        assert!(qr.dark(0, 0) && qr.dark(6, 0) && qr.dark(0, 6) && qr.dark(6, 6));
        assert!(!qr.dark(1, 1) && !qr.dark(5, 5));
        assert!(qr.dark(3, 3));
        assert!(!qr.dark(qr.width(), 0), "outside the grid is light");
    }
}
