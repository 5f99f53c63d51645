//! Transport, TLS and socket settings, as passed from C# in one `#[repr(C)]` struct.

use crate::ffi::*;
use quinn::congestion::{BbrConfig, CubicConfig, NewRenoConfig};
use quinn::{ClientConfig, EndpointConfig, IdleTimeout, ServerConfig, TransportConfig, VarInt};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Congestion controllers quinn 0.9 offers (RFC 8312 CUBIC, RFC 9002 NewReno, BBRv1 draft).
pub const CC_CUBIC: i32 = 0;
pub const CC_NEWRENO: i32 = 1;
pub const CC_BBR: i32 = 2;

/// The initial congestion window of RFC 9002 §7.2 for a sender whose max_datagram_size is `mds` bytes:
/// min(10 · mds, max(14 720, 2 · mds)).
pub fn rfc9002_initial_window(mds: u64) -> u64 {
    (10 * mds).min(14_720u64.max(2 * mds))
}

/// Settings of an endpoint and its connections. Mirrors `QuinnConfig` in C# field by field.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TqConfig {
    /// `CC_CUBIC`, `CC_NEWRENO` or `CC_BBR`.
    pub congestion_controller: i32,
    /// UDP payload size used from the first packet, bytes (quinn 0.9 has no path MTU discovery); >= 1200.
    pub initial_max_udp_payload_bytes: u32,
    /// Idle timeout, milliseconds (RFC 9000 section 10.1).
    pub idle_timeout_ms: u64,
    /// Per-stream flow-control window, bytes (initial_max_stream_data_*).
    pub stream_receive_window_bytes: u64,
    /// Connection flow-control window, bytes (initial_max_data).
    pub receive_window_bytes: u64,
    /// Bytes buffered for sending across all streams before writes wait (backpressure).
    pub send_window_bytes: u64,
    /// Receive queue for DATAGRAM frames, bytes; 0 disables datagrams (RFC 9221 max_datagram_frame_size absent).
    pub datagram_receive_buffer_bytes: u64,
    /// Send queue for DATAGRAM frames, bytes; when full, the oldest queued datagrams are dropped.
    pub datagram_send_buffer_bytes: u64,
    /// SO_SNDBUF and SO_RCVBUF of the UDP socket, bytes; 0 keeps the kernel default.
    pub socket_buffer_bytes: u32,
    /// How many bidirectional streams the peer may open at once.
    pub max_concurrent_bidi_streams: u32,
}

impl TqConfig {
    pub fn transport(&self) -> Result<Arc<TransportConfig>> {
        let mut t = TransportConfig::default();
        let window = |v: u64, what: &str| {
            VarInt::from_u64(v).map_err(|_| Error::new(INVALID_ARGUMENT, format!("{} {} too large", what, v)))
        };
        t.stream_receive_window(window(self.stream_receive_window_bytes, "stream receive window")?)
            .receive_window(window(self.receive_window_bytes, "receive window")?)
            .send_window(self.send_window_bytes)
            .initial_max_udp_payload_size(self.initial_max_udp_payload_bytes.min(u16::MAX as u32) as u16)
            .max_concurrent_bidi_streams(VarInt::from_u32(self.max_concurrent_bidi_streams))
            .max_concurrent_uni_streams(VarInt::from_u32(0))
            .datagram_send_buffer_size(self.datagram_send_buffer_bytes as usize)
            .datagram_receive_buffer_size(match self.datagram_receive_buffer_bytes {
                0 => None,
                n => Some(n as usize),
            });
        let idle = IdleTimeout::try_from(Duration::from_millis(self.idle_timeout_ms))
            .map_err(|_| Error::new(INVALID_ARGUMENT, "idle timeout too large"))?;
        t.max_idle_timeout(Some(idle));
        // quinn 0.9's controllers count windows in a `max_datagram_size` of their own (1232 by default), not in the
        // packet size set above: left alone, a 1452-byte path grows its window by 1232 bytes per window acknowledged
        // and starts at 12 320 bytes. RFC 9002 §7.2 and §7.3.3 count both in the sender's max_datagram_size.
        let mds = self.initial_max_udp_payload_bytes.min(u16::MAX as u32) as u64;
        match self.congestion_controller {
            CC_CUBIC => {
                let mut cc = CubicConfig::default();
                cc.max_datagram_size(mds).initial_window(rfc9002_initial_window(mds)).minimum_window(2 * mds);
                t.congestion_controller_factory(Arc::new(cc))
            }
            CC_NEWRENO => {
                let mut cc = NewRenoConfig::default();
                cc.max_datagram_size(mds).initial_window(rfc9002_initial_window(mds)).minimum_window(2 * mds);
                t.congestion_controller_factory(Arc::new(cc))
            }
            CC_BBR => {
                // quinn's BBR keeps its own proportions (an initial window of 200 datagrams, a minimum of 4),
                // in this path's datagram size.
                let mut cc = BbrConfig::default();
                cc.max_datagram_size(mds).initial_window(200 * mds).minimum_window(4 * mds);
                t.congestion_controller_factory(Arc::new(cc))
            }
            other => return Err(Error::new(INVALID_ARGUMENT, format!("unknown congestion controller {}", other))),
        };
        Ok(Arc::new(t))
    }

    pub fn endpoint(&self) -> Result<EndpointConfig> {
        let mut e = EndpointConfig::default();
        let max = (self.initial_max_udp_payload_bytes as u64).max(1480);
        e.max_udp_payload_size(max)
            .map_err(|_| Error::new(INVALID_ARGUMENT, format!("UDP payload size {} out of range", max)))?;
        Ok(e)
    }

    /// A UDP socket bound to `addr` with the configured buffer sizes (the kernel may cap them at rmem_max/wmem_max).
    pub fn socket(&self, addr: SocketAddr) -> Result<std::net::UdpSocket> {
        use socket2::{Domain, Protocol, Socket, Type};
        let socket = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))
            .map_err(|e| crate::errors::io(&e, "udp socket"))?;
        if self.socket_buffer_bytes > 0 {
            let _ = socket.set_send_buffer_size(self.socket_buffer_bytes as usize);
            let _ = socket.set_recv_buffer_size(self.socket_buffer_bytes as usize);
        }
        socket.bind(&addr.into()).map_err(|e| crate::errors::io(&e, &format!("udp bind {}", addr)))?;
        Ok(socket.into())
    }
}

/// Server TLS: the certificate chain (DER) and PKCS#8 private key (DER) made by the caller, one ALPN protocol.
pub fn server(config: &TqConfig, cert_der: &[u8], key_der: &[u8], alpn: &[u8]) -> Result<ServerConfig> {
    let mut crypto = rustls::ServerConfig::builder()
        .with_safe_defaults()
        .with_no_client_auth()
        .with_single_cert(vec![rustls::Certificate(cert_der.to_vec())], rustls::PrivateKey(key_der.to_vec()))
        .map_err(|e| Error::new(INVALID_ARGUMENT, format!("server certificate/key rejected by rustls: {}", e)))?;
    crypto.alpn_protocols = vec![alpn.to_vec()];
    let mut server = ServerConfig::with_crypto(Arc::new(crypto));
    server.transport_config(config.transport()?);
    Ok(server)
}

/// Client TLS: offers one ALPN protocol and accepts only the server certificate whose DER SHA-256 is `pin`
/// (see `pin::PinnedServerCert`).
pub fn client(config: &TqConfig, alpn: &[u8], pin: &[u8]) -> Result<ClientConfig> {
    let mut crypto = rustls::ClientConfig::builder()
        .with_safe_defaults()
        .with_custom_certificate_verifier(Arc::new(crate::pin::PinnedServerCert::new(pin)?))
        .with_no_client_auth();
    crypto.alpn_protocols = vec![alpn.to_vec()];
    let mut client = ClientConfig::new(Arc::new(crypto));
    client.transport_config(config.transport()?);
    Ok(client)
}
