//! The client's address: the socket's peer, unless that peer is a proxy named
//! in `trusted_proxies`; then the forwarding headers it set are believed
//! (`X-Forwarded-For` from the right, skipping other trusted proxies, else
//! `X-Real-IP`). A client cannot pick its own address by sending a header.
use std::net::IpAddr;

use rocket::request::{FromRequest, Outcome, Request};

use crate::AppState;
use crate::config::TrustedProxies;

/// The address the throttles count against.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    real_ip: Option<&str>,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(peer) {
        return Some(peer);
    }
    if let Some(list) = forwarded_for {
        let hops: Vec<Option<IpAddr>> = list.split(',').map(|h| h.trim().parse().ok()).collect();
        let mut last_good = None;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) if trusted.contains(*ip) => last_good = Some(*ip),
                Some(ip) => return Some(*ip),
                // A hop that is not an address: nothing left of it can be believed.
                None => return last_good.or(Some(peer)),
            }
        }
        if let Some(ip) = last_good {
            return Some(ip);
        }
    }
    real_ip.and_then(|v| v.trim().parse().ok()).or(Some(peer))
}

/// The client's address as text (`unknown` without a socket, as in tests).
pub struct ClientAddr(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientAddr {
    type Error = std::convert::Infallible;
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let empty = TrustedProxies::default();
        let trusted = req
            .rocket()
            .state::<AppState>()
            .map(|s| &s.settings.trusted_proxies)
            .unwrap_or(&empty);
        let ip = client_ip(
            req.remote().map(|s| s.ip()),
            req.headers().get_one("X-Forwarded-For"),
            req.headers().get_one("X-Real-IP"),
            trusted,
        );
        Outcome::Success(ClientAddr(
            ip.map(|ip| ip.to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whom_to_believe_table() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.1"]).unwrap_or_default();
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let cases = [
            // (peer, X-Forwarded-For, X-Real-IP, client)
            ("203.0.113.5", None, Some("10.9.9.8"), "203.0.113.5"),
            ("203.0.113.5", Some("1.2.3.4"), None, "203.0.113.5"),
            ("10.0.0.2", None, Some("198.51.100.7"), "198.51.100.7"),
            (
                "10.0.0.2",
                Some("198.51.100.7"),
                Some("1.1.1.1"),
                "198.51.100.7",
            ),
            (
                "10.0.0.2",
                Some("6.6.6.6, 198.51.100.7"),
                None,
                "198.51.100.7",
            ),
            (
                "10.0.0.2",
                Some("6.6.6.6, 198.51.100.7, 10.1.1.1"),
                None,
                "198.51.100.7",
            ),
            ("192.168.1.1", Some("10.1.1.1"), None, "10.1.1.1"),
            ("10.0.0.2", Some("junk, 10.1.1.1"), None, "10.1.1.1"),
            ("10.0.0.2", Some("junk"), Some("x"), "10.0.0.2"),
            ("10.0.0.2", None, None, "10.0.0.2"),
            ("192.168.1.2", None, Some("198.51.100.7"), "192.168.1.2"),
        ];
        for (peer, xff, real, want) in cases {
            assert_eq!(
                client_ip(ip(peer), xff, real, &trusted),
                ip(want),
                "{peer} {xff:?} {real:?}"
            );
        }
        assert_eq!(client_ip(None, None, Some("1.2.3.4"), &trusted), None);
    }

    #[test]
    fn proxies_parse_from_cidrs_and_refuse_anything_else() {
        assert!(TrustedProxies::parse(&["10.0.0.0/8", "::1", " "]).is_ok());
        assert!(TrustedProxies::parse(&["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local"]).is_err());
    }
}
