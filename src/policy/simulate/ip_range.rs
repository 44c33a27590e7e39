//! `IpAddress` / `NotIpAddress`: an address inside a CIDR block.

use std::net::IpAddr;

/// Whether `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare
/// address); `None` when either is unreadable (no address, a prefix longer than the
/// address). An IPv4 address is never inside an IPv6 block, nor the reverse.
pub fn ip_in_cidr(address: &str, cidr: &str) -> Option<bool> {
    let addr = address.trim().parse::<IpAddr>().ok()?;
    let (net, bits) = match cidr.trim().split_once('/') {
        Some((n, b)) => (n, Some(b.parse::<u32>().ok()?)),
        None => (cidr.trim(), None),
    };
    let net = net.parse::<IpAddr>().ok()?;
    let width = if net.is_ipv4() { 32 } else { 128 };
    if bits.is_some_and(|b| b > width) {
        return None;
    }
    Some(match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => prefix_equal(
            u32::from(a).into(),
            u32::from(n).into(),
            bits.unwrap_or(32),
            32,
        ),
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            prefix_equal(u128::from(a), u128::from(n), bits.unwrap_or(128), 128)
        }
        _ => false,
    })
}

fn prefix_equal(a: u128, b: u128, bits: u32, width: u32) -> bool {
    if bits > width {
        return false;
    }
    if bits == 0 {
        return true;
    }
    let shift = width - bits;
    (a >> shift) == (b >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_and_v6_blocks() {
        assert_eq!(ip_in_cidr("10.1.2.3", "10.0.0.0/8"), Some(true));
        assert_eq!(ip_in_cidr("11.1.2.3", "10.0.0.0/8"), Some(false));
        assert_eq!(ip_in_cidr("203.0.113.7", "203.0.113.7"), Some(true));
        assert_eq!(ip_in_cidr("1.2.3.4", "0.0.0.0/0"), Some(true));
        assert_eq!(ip_in_cidr("2001:db8::1", "2001:db8::/32"), Some(true));
        assert_eq!(ip_in_cidr("2001:db9::1", "2001:db8::/32"), Some(false));
        assert_eq!(ip_in_cidr("10.0.0.1", "2001:db8::/32"), Some(false));
        assert_eq!(ip_in_cidr("nonsense", "10.0.0.0/8"), None);
        assert_eq!(ip_in_cidr("10.0.0.1", "10.0.0.0/33"), None);
        assert_eq!(ip_in_cidr("10.0.0.1", "123456789012"), None);
    }
}
