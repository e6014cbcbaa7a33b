//! `inet`, `cidr`, `macaddr` and `macaddr8`.
//!
//! Binary inet/cidr: family (2 IPv4, 3 IPv6), netmask bits, is-cidr flag, address length,
//! address; `Display` follows PostgreSQL's `inet_out`/`cidr_out`. See
//! <https://www.postgresql.org/docs/current/datatype-net-types.html>.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::{Reader, exact};
use super::{BoxError, DecodeError, FromSql, IsNull, ToSql, Type};

const AF_INET: u8 = 2;
const AF_INET6: u8 = 3;

fn max_bits(addr: &IpAddr) -> u8 {
    if addr.is_ipv4() { 32 } else { 128 }
}

fn octets(addr: &IpAddr) -> ([u8; 16], usize) {
    let mut out = [0; 16];
    match addr {
        IpAddr::V4(a) => {
            out[..4].copy_from_slice(&a.octets());
            (out, 4)
        }
        IpAddr::V6(a) => (a.octets(), 16),
    }
}

/// Whether every bit of `addr` past the first `netmask` is zero.
fn host_bits_zero(addr: &IpAddr, netmask: u8) -> bool {
    let (bytes, len) = octets(addr);
    bytes[..len].iter().enumerate().all(|(i, &b)| {
        let keep = (i32::from(netmask) - 8 * i as i32).clamp(0, 8) as u32;
        b & (0xffu16 >> keep) as u8 == 0
    })
}

/// An `inet` value: a host address with an optional netmask (`192.168.1.5/24`).
///
/// `Display` prints as PostgreSQL does: the netmask only when it is not the full width.
///
/// ```
/// use pgline::types::Inet;
/// let a = Inet::new("192.168.1.5".parse().unwrap(), 24).unwrap();
/// assert_eq!(a.to_string(), "192.168.1.5/24");
/// assert_eq!(Inet::from("::1".parse::<std::net::IpAddr>().unwrap()).to_string(), "::1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Inet {
    addr: IpAddr,
    netmask: u8,
}

impl Inet {
    /// The address with a netmask of up to 32 (IPv4) or 128 (IPv6) bits.
    pub fn new(addr: IpAddr, netmask: u8) -> Option<Inet> {
        (netmask <= max_bits(&addr)).then_some(Inet { addr, netmask })
    }

    /// The address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The netmask length in bits.
    pub fn netmask(&self) -> u8 {
        self.netmask
    }
}

impl From<IpAddr> for Inet {
    /// The host address with a full-width netmask.
    fn from(addr: IpAddr) -> Inet {
        Inet {
            netmask: max_bits(&addr),
            addr,
        }
    }
}

/// A `cidr` value: a network, whose address has no bits set past the netmask
/// (`192.168.1.0/24`).
///
/// ```
/// use pgline::types::Cidr;
/// assert_eq!(Cidr::new("10.0.0.0".parse().unwrap(), 8).unwrap().to_string(), "10.0.0.0/8");
/// assert!(Cidr::new("10.0.0.1".parse().unwrap(), 8).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    addr: IpAddr,
    netmask: u8,
}

impl Cidr {
    /// The network `addr/netmask`, if the netmask fits and no host bit is set.
    pub fn new(addr: IpAddr, netmask: u8) -> Option<Cidr> {
        (netmask <= max_bits(&addr) && host_bits_zero(&addr, netmask))
            .then_some(Cidr { addr, netmask })
    }

    /// The network address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The netmask length in bits.
    pub fn netmask(&self) -> u8 {
        self.netmask
    }
}

impl From<Cidr> for Inet {
    fn from(c: Cidr) -> Inet {
        Inet {
            addr: c.addr,
            netmask: c.netmask,
        }
    }
}

/// Writes an IPv6 address as PostgreSQL's `inet_net_ntop` does: the longest run of two or
/// more zero groups as `::` (the first of equal runs), lowercase hex, and the last 32 bits
/// dotted for IPv4-mapped (`::ffff:1.2.3.4`) and IPv4-compatible (`::1.2.3.4`, six leading
/// zero groups exactly, so `::102` stays hex) addresses.
fn write_ipv6(f: &mut fmt::Formatter<'_>, a: &Ipv6Addr) -> fmt::Result {
    let w = a.segments();
    let (mut best, mut best_len) = (None::<usize>, 0);
    let mut i = 0;
    while i < 8 {
        if w[i] == 0 {
            let start = i;
            while i < 8 && w[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                best = Some(start);
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best = None;
    }
    for i in 0..8 {
        if let Some(b) = best {
            if i >= b && i < b + best_len {
                if i == b {
                    f.write_str(":")?;
                }
                continue;
            }
        }
        if i != 0 {
            f.write_str(":")?;
        }
        let embedded_v4 =
            i == 6 && best == Some(0) && (best_len == 6 || (best_len == 5 && w[5] == 0xffff));
        if embedded_v4 {
            let o = a.octets();
            return write!(f, "{}.{}.{}.{}", o[12], o[13], o[14], o[15]);
        }
        write!(f, "{:x}", w[i])?;
    }
    if best.is_some_and(|b| b + best_len == 8) {
        f.write_str(":")?;
    }
    Ok(())
}

fn write_addr(f: &mut fmt::Formatter<'_>, addr: &IpAddr) -> fmt::Result {
    match addr {
        IpAddr::V4(a) => write!(f, "{a}"),
        IpAddr::V6(a) => write_ipv6(f, a),
    }
}

impl fmt::Display for Inet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_addr(f, &self.addr)?;
        if self.netmask != max_bits(&self.addr) {
            write!(f, "/{}", self.netmask)?;
        }
        Ok(())
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_addr(f, &self.addr)?;
        write!(f, "/{}", self.netmask)
    }
}

fn encode(addr: &IpAddr, netmask: u8, ty: &Type, out: &mut BytesMut) {
    let (bytes, len) = octets(addr);
    out.put_u8(if addr.is_ipv4() { AF_INET } else { AF_INET6 });
    out.put_u8(netmask);
    out.put_u8(u8::from(base_oid(ty) == oid::CIDR));
    // len is 4 or 16.
    out.put_u8(len as u8);
    out.put_slice(&bytes[..len]);
}

/// Decodes inet or cidr, checking the flag against `ty` and, for cidr, the host bits.
fn decode(ty: &Type, raw: &[u8]) -> Result<(IpAddr, u8), DecodeError> {
    let cidr = base_oid(ty) == oid::CIDR;
    let type_name = if cidr { "cidr" } else { "inet" };
    let mut r = Reader::new(raw, type_name);
    let family = r.u8("family")?;
    let netmask = r.u8("netmask")?;
    let flag = r.u8("is_cidr")?;
    let len = r.u8("address length")?;
    let addr = match (family, len) {
        (AF_INET, 4) => IpAddr::V4(Ipv4Addr::from(r.array::<4>("address")?)),
        (AF_INET6, 16) => IpAddr::V6(Ipv6Addr::from(r.array::<16>("address")?)),
        (AF_INET | AF_INET6, _) => return Err(r.invalid("address length", i64::from(len))),
        _ => return Err(r.invalid("family", i64::from(family))),
    };
    r.finish()?;
    if netmask > max_bits(&addr) {
        return Err(DecodeError::Invalid {
            type_name,
            field: "netmask",
            value: i64::from(netmask),
        });
    }
    if flag != u8::from(cidr) {
        return Err(DecodeError::Invalid {
            type_name,
            field: "is_cidr",
            value: i64::from(flag),
        });
    }
    if cidr && !host_bits_zero(&addr, netmask) {
        return Err(DecodeError::Invalid {
            type_name,
            field: "host bits",
            value: i64::from(netmask),
        });
    }
    Ok((addr, netmask))
}

fn is_net(ty: &Type) -> bool {
    matches!(base_oid(ty), oid::INET | oid::CIDR)
}

impl ToSql for Inet {
    /// As cidr the server rejects an address with host bits set.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(&self.addr, self.netmask, ty, out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

impl<'a> FromSql<'a> for Inet {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Inet, BoxError> {
        let (addr, netmask) = decode(ty, raw)?;
        Ok(Inet { addr, netmask })
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

impl ToSql for Cidr {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(&self.addr, self.netmask, ty, out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

impl<'a> FromSql<'a> for Cidr {
    /// From inet too, when the value has no host bits set.
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Cidr, BoxError> {
        let (addr, netmask) = decode(ty, raw)?;
        Ok(Cidr::new(addr, netmask).ok_or(DecodeError::Invalid {
            type_name: "cidr",
            field: "host bits",
            value: i64::from(netmask),
        })?)
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

/// `IpAddr` is sent as a host address (full netmask) and decoded from inet dropping the
/// netmask; use [`Inet`] to keep it.
impl ToSql for IpAddr {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(self, max_bits(self), ty, out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

impl<'a> FromSql<'a> for IpAddr {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<IpAddr, BoxError> {
        Ok(decode(ty, raw)?.0)
    }
    fn accepts(ty: &Type) -> bool {
        is_net(ty)
    }
}

macro_rules! mac_type {
    ($(#[$doc:meta])* $name:ident, $n:expr, $pg:path, $pg_name:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub [u8; $n]);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for (i, b) in self.0.iter().enumerate() {
                    if i > 0 {
                        f.write_str(":")?;
                    }
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
        }

        impl ToSql for $name {
            fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                out.put_slice(&self.0);
                Ok(IsNull::No)
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg
            }
        }

        impl<'a> FromSql<'a> for $name {
            fn from_sql(_: &Type, raw: &'a [u8]) -> Result<$name, BoxError> {
                Ok($name(exact(raw, $pg_name)?))
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg
            }
        }
    };
}

mac_type!(
    /// A `macaddr`: a 6-byte MAC address, shown as `08:00:2b:01:02:03`.
    MacAddr,
    6,
    oid::MACADDR,
    "macaddr"
);

mac_type!(
    /// A `macaddr8`: an 8-byte (EUI-64) MAC address, shown as `08:00:2b:01:02:03:04:05`.
    MacAddr8,
    8,
    oid::MACADDR8,
    "macaddr8"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors;
    use proptest::prelude::*;

    fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
        let mut b = BytesMut::new();
        v.to_sql(ty, &mut b).unwrap();
        b.to_vec()
    }

    #[test]
    fn inet_server_vectors() {
        for v in captured_vectors::INET {
            let a = Inet::from_sql(&Type::INET, &v.bytes()).unwrap();
            assert_eq!(a.to_string(), v.text, "{}", v.sql);
            assert_eq!(enc(&a, &Type::INET), v.bytes(), "{}", v.sql);
        }
    }

    #[test]
    fn cidr_server_vectors() {
        for v in captured_vectors::CIDR {
            let c = Cidr::from_sql(&Type::CIDR, &v.bytes()).unwrap();
            assert_eq!(c.to_string(), v.text, "{}", v.sql);
            assert_eq!(enc(&c, &Type::CIDR), v.bytes(), "{}", v.sql);
        }
    }

    #[test]
    fn macaddr_server_vectors() {
        for v in captured_vectors::MACADDR {
            let m = MacAddr::from_sql(&Type::MACADDR, &v.bytes()).unwrap();
            assert_eq!(m.to_string(), v.text);
            assert_eq!(enc(&m, &Type::MACADDR), v.bytes());
        }
        for v in captured_vectors::MACADDR8 {
            let m = MacAddr8::from_sql(&Type::MACADDR8, &v.bytes()).unwrap();
            assert_eq!(m.to_string(), v.text);
            assert_eq!(enc(&m, &Type::MACADDR8), v.bytes());
        }
    }

    #[test]
    fn ip_addr_drops_the_netmask_and_sends_a_host() {
        let raw = captured_vectors::INET[1].bytes(); // 192.168.1.5/24
        assert_eq!(
            IpAddr::from_sql(&Type::INET, &raw).unwrap().to_string(),
            "192.168.1.5"
        );
        let host: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(enc(&host, &Type::INET), captured_vectors::INET[0].bytes());
    }

    #[test]
    fn inet_malformed() {
        let bad = |raw: &[u8], ty: &Type| {
            Inet::from_sql(ty, raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .map(|e| *e)
        };
        assert!(matches!(
            bad(&[4, 32, 0, 4, 1, 2, 3, 4], &Type::INET),
            Ok(DecodeError::Invalid {
                field: "family",
                ..
            })
        ));
        assert!(matches!(
            bad(&[2, 33, 0, 4, 1, 2, 3, 4], &Type::INET),
            Ok(DecodeError::Invalid {
                field: "netmask",
                ..
            })
        ));
        assert!(matches!(
            bad(&[2, 32, 0, 16, 1, 2, 3, 4], &Type::INET),
            Ok(DecodeError::Invalid {
                field: "address length",
                ..
            })
        ));
        assert!(matches!(
            bad(&[2, 32, 0, 4, 1, 2, 3], &Type::INET),
            Ok(DecodeError::Truncated { .. })
        ));
        assert!(matches!(
            bad(&[2, 32, 0, 4, 1, 2, 3, 4, 5], &Type::INET),
            Ok(DecodeError::TrailingBytes { .. })
        ));
        // The is_cidr flag must match the column's type.
        assert!(matches!(
            bad(&[2, 32, 1, 4, 1, 2, 3, 4], &Type::INET),
            Ok(DecodeError::Invalid {
                field: "is_cidr",
                ..
            })
        ));
        // A cidr with host bits set.
        assert!(matches!(
            bad(&[2, 8, 1, 4, 10, 0, 0, 1], &Type::CIDR),
            Ok(DecodeError::Invalid {
                field: "host bits",
                ..
            })
        ));
        assert!(matches!(
            bad(&[], &Type::INET),
            Ok(DecodeError::Truncated { .. })
        ));
    }

    #[test]
    fn macaddr_malformed() {
        assert!(MacAddr::from_sql(&Type::MACADDR, &[0; 8]).is_err());
        assert!(MacAddr8::from_sql(&Type::MACADDR8, &[0; 6]).is_err());
    }

    #[test]
    fn ipv6_display_matches_postgres_rules() {
        for (addr, shown) in [
            ("::", "::"),
            ("::1", "::1"),
            ("::2:3", "::0.2.0.3"),
            ("::ffff:1:2", "::ffff:0.1.0.2"),
            ("0:0:0:0:0:fffe:1:2", "::fffe:1:2"),
            ("::1:2:3", "::1:2:3"),
            ("1:0:0:1:0:0:0:1", "1:0:0:1::1"),
            ("1:0:0:0:1:0:0:1", "1::1:0:0:1"),
            ("::ffff:0:0", "::ffff:0.0.0.0"),
            ("0:0:0:0:0:1:0:0", "::1:0:0"),
            ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
        ] {
            let ip: IpAddr = addr.parse().unwrap();
            assert_eq!(Inet::from(ip).to_string(), shown, "{addr}");
        }
    }

    fn arb_ip() -> impl Strategy<Value = IpAddr> {
        prop_oneof![
            any::<[u8; 4]>().prop_map(IpAddr::from),
            any::<[u8; 16]>().prop_map(IpAddr::from),
            any::<[u16; 2]>().prop_map(|s| IpAddr::V6(Ipv6Addr::new(
                0,
                0,
                0,
                0,
                0,
                s[0],
                s[1] & 3,
                1
            ))),
        ]
    }

    proptest! {
        #[test]
        fn inet_round_trips(ip in arb_ip(), mask: u8) {
            let a = Inet::new(ip, mask % (max_bits(&ip) + 1)).unwrap();
            prop_assert_eq!(Inet::from_sql(&Type::INET, &enc(&a, &Type::INET)).unwrap(), a);
            // The text form reads back as the same address.
            let text = a.to_string();
            let addr_text = text.split('/').next().unwrap();
            prop_assert_eq!(addr_text.parse::<IpAddr>().unwrap(), ip);
        }

        #[test]
        fn cidr_round_trips(ip in arb_ip(), mask: u8) {
            let mask = mask % (max_bits(&ip) + 1);
            if let Some(c) = Cidr::new(ip, mask) {
                prop_assert_eq!(Cidr::from_sql(&Type::CIDR, &enc(&c, &Type::CIDR)).unwrap(), c);
            } else {
                prop_assert!(!host_bits_zero(&ip, mask));
            }
        }

        #[test]
        fn macaddr_round_trips(a: [u8; 6], b: [u8; 8]) {
            prop_assert_eq!(MacAddr::from_sql(&Type::MACADDR, &enc(&MacAddr(a), &Type::MACADDR)).unwrap(), MacAddr(a));
            prop_assert_eq!(MacAddr8::from_sql(&Type::MACADDR8, &enc(&MacAddr8(b), &Type::MACADDR8)).unwrap(), MacAddr8(b));
        }

        #[test]
        fn net_decoders_never_panic(raw: Vec<u8>) {
            let _ = Inet::from_sql(&Type::INET, &raw);
            let _ = Cidr::from_sql(&Type::CIDR, &raw);
        }
    }
}
