//! The server's defences against a curious neighbour on the same Wi-Fi and a participant who
//! would vote twice or as someone else: private addresses only, a PIN, a limit on failed joins
//! per address, and long random tokens.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use super::PhoneError;

/// Wrong PINs an address may send within [`FAILED_JOIN_WINDOW`] before it is refused with 429.
pub const FAILED_JOINS_ALLOWED: usize = 5;
/// How long a wrong PIN counts against its address.
pub const FAILED_JOIN_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Addresses remembered at most; the oldest is forgotten first. A room has a few dozen.
const ADDRESSES_REMEMBERED: usize = 4096;

/// Whether a peer may talk to the server: loopback, private and link-local addresses (IPv4
/// 10/8, 172.16/12, 192.168/16, 169.254/16; IPv6 ::1, fc00::/7, fe80::/10). Everything else is
/// beyond the room's network and is refused.
pub fn is_private_peer(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => private_v4(v4),
            None => private_v6(v6),
        },
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_private() || ip.is_link_local()
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let [first, ..] = ip.segments();
    ip.is_loopback() || first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80
}

/// The address a limit is kept for: the whole address for IPv4, the /64 network for IPv6
/// (a phone can make up new addresses within its network at will).
fn limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
    }
}

/// Failed joins per address, to refuse guessing the PIN.
#[derive(Debug, Default)]
pub struct JoinLimiter {
    failures: HashMap<IpAddr, VecDeque<Instant>>,
}

impl JoinLimiter {
    /// How long `ip` must wait before it may try again, if it has failed too often.
    pub fn wait_for(&mut self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let key = limit_key(ip);
        let failures = self.failures.get_mut(&key)?;
        while failures
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= FAILED_JOIN_WINDOW)
        {
            failures.pop_front();
        }
        if failures.is_empty() {
            self.failures.remove(&key);
            return None;
        }
        if failures.len() < FAILED_JOINS_ALLOWED {
            return None;
        }
        let oldest = *failures.front()?;
        Some(FAILED_JOIN_WINDOW.saturating_sub(now.saturating_duration_since(oldest)))
    }

    /// Counts one failed join from `ip`.
    pub fn failed(&mut self, ip: IpAddr, now: Instant) {
        if self.failures.len() >= ADDRESSES_REMEMBERED {
            self.forget_oldest();
        }
        let failures = self.failures.entry(limit_key(ip)).or_default();
        failures.push_back(now);
        // Only the latest few matter for the limit.
        while failures.len() > FAILED_JOINS_ALLOWED {
            failures.pop_front();
        }
    }

    fn forget_oldest(&mut self) {
        let oldest = self
            .failures
            .iter()
            .min_by_key(|(_, times)| times.back().copied())
            .map(|(ip, _)| *ip);
        if let Some(ip) = oldest {
            self.failures.remove(&ip);
        }
    }
}

/// A phone's token: 256 random bits as 64 hex digits.
pub fn random_token() -> Result<String, PhoneError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| PhoneError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A 6-digit PIN, each of the million equally likely.
pub fn random_pin() -> Result<String, PhoneError> {
    // The largest multiple of a million that fits: drawing below it keeps the digits even.
    const BELOW: u32 = 4_294_000_000;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|e| PhoneError::Random(e.to_string()))?;
        let n = u32::from_le_bytes(bytes);
        if n < BELOW {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn only_the_local_network_may_connect() {
        for allowed in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "172.31.255.1",
            "192.168.1.20",
            "169.254.3.4",
            "::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:192.168.1.5",
        ] {
            assert!(is_private_peer(ip(allowed)), "{allowed} should be allowed");
        }
        for refused in [
            "8.8.8.8",
            "172.32.0.1",
            "100.64.0.1",
            "192.169.0.1",
            "0.0.0.0",
            "2001:db8::1",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_private_peer(ip(refused)), "{refused} should be refused");
        }
    }

    #[test]
    fn wrong_pins_are_limited_per_address_and_forgiven_after_the_window() {
        let mut limiter = JoinLimiter::default();
        let start = Instant::now();
        let phone = ip("192.168.1.20");
        for i in 0..FAILED_JOINS_ALLOWED {
            assert_eq!(limiter.wait_for(phone, start), None, "try {i}");
            limiter.failed(phone, start);
        }
        let wait = limiter.wait_for(phone, start + Duration::from_secs(60));
        assert_eq!(wait, Some(FAILED_JOIN_WINDOW - Duration::from_secs(60)));
        assert_eq!(limiter.wait_for(ip("192.168.1.21"), start), None);
        assert_eq!(limiter.wait_for(phone, start + FAILED_JOIN_WINDOW), None);
    }

    #[test]
    fn an_ipv6_network_counts_as_one_address() {
        let mut limiter = JoinLimiter::default();
        let now = Instant::now();
        for i in 0..FAILED_JOINS_ALLOWED {
            limiter.failed(ip(&format!("fd00:1:2:3::{i}")), now);
        }
        assert!(limiter.wait_for(ip("fd00:1:2:3::99"), now).is_some());
        assert!(limiter.wait_for(ip("fd00:1:2:4::1"), now).is_none());
    }

    #[test]
    fn tokens_are_long_random_and_pins_have_six_digits() {
        let a = random_token().unwrap_or_default();
        let b = random_token().unwrap_or_default();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        for _ in 0..50 {
            let pin = random_pin().unwrap_or_default();
            assert_eq!(pin.len(), 6);
            assert!(pin.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"123456", b"123456"));
        assert!(!same_secret(b"123456", b"123457"));
        assert!(!same_secret(b"123456", b"12345"));
    }
}
