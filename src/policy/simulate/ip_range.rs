//! The `IpAddress` / `NotIpAddress` comparison: is the request's address inside the
//! policy's CIDR block (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or one address).
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress>.

use crate::policy::condition::{CidrBlock, parse_address};

/// Whether `address` lies in `block`; `None` when the request holds no IP address or
/// the policy no CIDR block.
pub(super) fn address_in_block(address: &str, block: &str) -> Option<bool> {
    Some(CidrBlock::parse(block)?.contains(parse_address(address)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_and_unreadable() {
        assert_eq!(address_in_block("10.1.2.3", "10.0.0.0/8"), Some(true));
        assert_eq!(address_in_block("192.0.2.9", "10.0.0.0/8"), Some(false));
        assert_eq!(address_in_block("2001:db8::1", "2001:DB8::/32"), Some(true));
        assert_eq!(address_in_block("10.0.0.1", "2001:db8::/32"), Some(false));
        assert_eq!(address_in_block("not-an-ip", "10.0.0.0/8"), None);
        assert_eq!(address_in_block("10.0.0.1", "10.0.0.0/99"), None);
    }
}
