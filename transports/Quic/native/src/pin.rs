//! Server certificate pinning for the client: the one certificate a client accepts is the run's own, known before
//! the first connection by its SHA-256 (passed from C#, `CertificatePin` in transports/Abstractions/Tls). Chain
//! building is irrelevant (the certificate is self-signed and made by the run; RFC 7469's pinning idea in its strictest
//! form), and so is the server name. rustls still checks the TLS 1.3 CertificateVerify signature with the pinned
//! certificate's key (`verify_tls13_signature`'s default, RFC 8446 section 4.4.3): holding the certificate is not enough.

use crate::ffi::*;

/// SHA-256 length in bytes.
pub const PIN_LEN: usize = 32;
/// How many leading bytes of a fingerprint the error message shows (as 16 hex digits), as C# does.
const SHORT_LEN: usize = 8;
/// QUIC's CRYPTO_ERROR for the TLS alert bad_certificate (42): 0x100 + alert (RFC 9001 section 4.8), what rustls sends
/// when `verify_server_cert` fails with `InvalidCertificateData`.
pub const BAD_CERTIFICATE_CRYPTO_ERROR: u64 = 0x100 + 42;
/// rustls' Display prefix of `Error::InvalidCertificateData`, stripped from the message the user sees.
const RUSTLS_PREFIX: &str = "invalid peer certificate contents: ";

/// Accepts exactly the server certificate whose DER SHA-256 is `pin`.
pub struct PinnedServerCert {
    pin: [u8; PIN_LEN],
}

impl PinnedServerCert {
    /// A verifier for `pin` (exactly 32 bytes, else `INVALID_ARGUMENT`).
    pub fn new(pin: &[u8]) -> Result<Self> {
        let pin: [u8; PIN_LEN] = pin.try_into().map_err(|_| {
            Error::new(INVALID_ARGUMENT, format!("server certificate pin must be a {}-byte SHA-256, got {} bytes", PIN_LEN, pin.len()))
        })?;
        Ok(PinnedServerCert { pin })
    }
}

fn short_hex(bytes: &[u8]) -> String {
    bytes.iter().take(SHORT_LEN).map(|b| format!("{:02x}", b)).collect()
}

impl rustls::client::ServerCertVerifier for PinnedServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::Certificate,
        _intermediates: &[rustls::Certificate],
        _server_name: &rustls::ServerName,
        _scts: &mut dyn Iterator<Item = &[u8]>,
        _ocsp_response: &[u8],
        _now: std::time::SystemTime,
    ) -> std::result::Result<rustls::client::ServerCertVerified, rustls::Error> {
        let presented = ring::digest::digest(&ring::digest::SHA256, &end_entity.0);
        if ring::constant_time::verify_slices_are_equal(presented.as_ref(), &self.pin).is_ok() {
            return Ok(rustls::client::ServerCertVerified::assertion());
        }
        // The same wording as CertificatePin.MismatchMessage in C#.
        Err(rustls::Error::InvalidCertificateData(format!(
            "server certificate refused: it is not the one pinned for this run (expected sha256 {}, presented sha256 {})",
            short_hex(&self.pin),
            short_hex(presented.as_ref())
        )))
    }
}

/// The error of a connect whose handshake our verifier refused, or None for any other connection error.
pub fn refused(e: &quinn::ConnectionError, context: &str) -> Option<Error> {
    match e {
        quinn::ConnectionError::TransportError(t) if u64::from(t.code) == BAD_CERTIFICATE_CRYPTO_ERROR => {
            let reason = t.reason.strip_prefix(RUSTLS_PREFIX).unwrap_or(&t.reason);
            Some(Error::new(AUTHENTICATION_FAILED, format!("{}: {}", context, reason)))
        }
        _ => None,
    }
}
