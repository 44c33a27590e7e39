//! IP addresses and CIDR blocks in `IpAddress` / `NotIpAddress` conditions.

use std::net::IpAddr;

/// A block of addresses: `203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or one address
/// (IAM reads a bare address as `/32`, or `/128` for IPv6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CidrBlock {
    network: IpAddr,
    prefix: u32,
}

impl CidrBlock {
    /// Reads `address[/prefix]`; `None` when either part is malformed or the prefix is
    /// longer than the address.
    pub(crate) fn parse(text: &str) -> Option<CidrBlock> {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network = parse_address(address)?;
        let width = width(network);
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok()?
            }
            Some(_) => return None,
            None => width,
        };
        (prefix <= width).then_some(CidrBlock { network, prefix })
    }

    /// True when `address` is inside the block. Addresses of the other family never are.
    pub(crate) fn contains(&self, address: IpAddr) -> bool {
        let (a, n, width) = match (address, self.network) {
            (IpAddr::V4(a), IpAddr::V4(n)) => {
                (u128::from(u32::from(a)), u128::from(u32::from(n)), 32)
            }
            (IpAddr::V6(a), IpAddr::V6(n)) => (u128::from(a), u128::from(n), 128),
            _ => return false,
        };
        // Host bits of the policy's network are ignored, as in `10.1.2.3/8`.
        let shift = width - self.prefix;
        shift >= 128 || (a >> shift) == (n >> shift)
    }
}

/// Reads one IPv4 or IPv6 address (no prefix, no spaces, no zone).
pub(crate) fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

fn width(address: IpAddr) -> u32 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(address: &str, block: &str) -> bool {
        CidrBlock::parse(block)
            .unwrap()
            .contains(parse_address(address).unwrap())
    }

    #[test]
    fn v4_and_v6_blocks() {
        assert!(inside("10.1.2.3", "10.0.0.0/8"));
        assert!(!inside("11.1.2.3", "10.0.0.0/8"));
        assert!(inside("203.0.113.7", "203.0.113.7"));
        assert!(!inside("203.0.113.8", "203.0.113.7"));
        assert!(inside("1.2.3.4", "0.0.0.0/0"));
        assert!(inside("2001:db8:1234:5678::1", "2001:DB8:1234:5678::/64"));
        assert!(!inside("2001:db9::1", "2001:db8::/32"));
        assert!(inside("::1", "::/0"));
        assert!(!inside("10.0.0.1", "2001:db8::/32"));
        assert!(!inside("::ffff:10.0.0.1", "10.0.0.0/8"));
        assert!(inside("10.200.0.1", "10.1.2.3/8"));
    }

    #[test]
    fn rejects_malformed_blocks() {
        for bad in [
            "",
            "nonsense",
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/ 8",
            "10.0.0/8",
            "256.0.0.0/8",
            " 10.0.0.0/8",
            "10.0.0.0/8/8",
        ] {
            assert_eq!(CidrBlock::parse(bad), None, "{bad}");
        }
        assert_eq!(parse_address("10.0.0.0/8"), None);
    }
}
