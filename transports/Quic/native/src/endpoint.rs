//! Endpoints: a UDP socket plus quinn's endpoint state; a server endpoint accepts, any endpoint connects.

use crate::config::{self, TqConfig};
use crate::connection::Connection;
use crate::errors;
use crate::ffi::*;
use crate::RUNTIME;
use std::ffi::c_void;
use std::net::SocketAddr;

pub struct Endpoint {
    endpoint: quinn::Endpoint,
    // Only endpoints created with a server certificate pin can connect out.
    client: Option<quinn::ClientConfig>,
    // Ends (the sender is dropped) when quinn drops the endpoint's UDP socket: see `ReleasingSocket`.
    released: tokio::sync::watch::Receiver<()>,
}

/// The endpoint's UDP socket, wrapped so that its release can be awaited (`tq_endpoint_wait_released`). quinn
/// drops the socket only when the endpoint driver ends: every `quinn::Endpoint` clone dropped (our handle and each
/// connection's) and every connection drained (closed, then 3 PTO). Until then the port stays bound, so a new
/// endpoint on the same fixed port must wait for this, not for `tq_endpoint_close` to return.
#[derive(Debug)]
struct ReleasingSocket {
    inner: Box<dyn quinn::AsyncUdpSocket>,
    // Declared after `inner`: dropped after the socket is closed.
    _released: tokio::sync::watch::Sender<()>,
}

impl quinn::AsyncUdpSocket for ReleasingSocket {
    fn poll_send(
        &mut self,
        state: &quinn_udp::UdpState,
        cx: &mut std::task::Context,
        transmits: &[quinn::Transmit],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.inner.poll_send(state, cx, transmits)
    }

    fn poll_recv(
        &self,
        cx: &mut std::task::Context,
        bufs: &mut [std::io::IoSliceMut<'_>],
        meta: &mut [quinn_udp::RecvMeta],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.inner.poll_recv(cx, bufs, meta)
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// Creates an endpoint bound to `bind` ("127.0.0.1:0"). With a certificate (DER) and PKCS#8 key (DER) it accepts
/// connections offering `alpn`; with `pin` (the SHA-256 of the one server certificate it accepts, 32 bytes) it can
/// connect out, offering `alpn`.
#[no_mangle]
pub extern "C" fn tq_endpoint_new(
    bind: *const u8,
    bind_len: usize,
    config: *const TqConfig,
    cert_der: *const u8,
    cert_len: usize,
    key_der: *const u8,
    key_len: usize,
    alpn: *const u8,
    alpn_len: usize,
    pin: *const u8,
    pin_len: usize,
    out_endpoint: *mut *mut Endpoint,
) -> i32 {
    call(|| {
        let config = *handle(config, "config")?;
        let bind_text = utf8(bind, bind_len, "bind address")?;
        let addr: SocketAddr = bind_text
            .parse()
            .map_err(|_| Error::new(INVALID_ARGUMENT, format!("bad bind address '{}'", bind_text)))?;
        let alpn = bytes(alpn, alpn_len, "alpn")?;
        let server = if cert_len > 0 {
            Some(config::server(&config, bytes(cert_der, cert_len, "certificate")?, bytes(key_der, key_len, "key")?, alpn)?)
        } else {
            None
        };
        let client = match pin_len {
            0 => None,
            _ => Some(config::client(&config, alpn, bytes(pin, pin_len, "server certificate pin")?)?),
        };
        let socket = config.socket(addr)?;
        let _guard = RUNTIME.enter();
        let (released_tx, released) = tokio::sync::watch::channel(());
        let socket = ReleasingSocket {
            inner: quinn::Runtime::wrap_udp_socket(&quinn::TokioRuntime, socket)
                .map_err(|e| errors::io(&e, &format!("quic endpoint on {}", addr)))?,
            _released: released_tx,
        };
        let endpoint = quinn::Endpoint::new_with_abstract_socket(config.endpoint()?, server, socket, quinn::TokioRuntime)
            .map_err(|e| errors::io(&e, &format!("quic endpoint on {}", addr)))?;
        out(out_endpoint, Endpoint { endpoint, client, released })
    })
}

/// The local UDP port actually bound.
#[no_mangle]
pub extern "C" fn tq_endpoint_local_port(endpoint: *const Endpoint, out_port: *mut u16) -> i32 {
    call(|| {
        let ep = handle(endpoint, "endpoint")?;
        let addr = ep.endpoint.local_addr().map_err(|e| errors::io(&e, "quic local address"))?;
        if out_port.is_null() {
            return Err(Error::new(INVALID_ARGUMENT, "null out-parameter"));
        }
        // SAFETY: checked non-null.
        unsafe { *out_port = addr.port() };
        Ok(())
    })
}

/// Waits for the next incoming connection and completes its handshake; the callback value is a connection handle.
#[no_mangle]
pub extern "C" fn tq_endpoint_accept(endpoint: *const Endpoint, callback: Callback, state: *mut c_void) -> i32 {
    call(|| {
        let ep = handle(endpoint, "endpoint")?.endpoint.clone();
        let done = Completion::new(callback, state);
        RUNTIME.spawn(async move {
            let outcome = async {
                let connecting = ep
                    .accept()
                    .await
                    .ok_or_else(|| Error::new(LOCALLY_CLOSED, "quic accept: endpoint closed"))?;
                let conn = connecting.await.map_err(|e| errors::connection(&e, "quic accept"))?;
                Ok(Box::into_raw(Box::new(Connection::new(conn, ep))) as i64)
            }
            .await;
            done.complete(outcome);
        });
        Ok(())
    })
}

/// Connects to `remote` ("127.0.0.1:4433") presenting `server_name` (SNI); the callback value is a connection handle.
#[no_mangle]
pub extern "C" fn tq_endpoint_connect(
    endpoint: *const Endpoint,
    remote: *const u8,
    remote_len: usize,
    server_name: *const u8,
    server_name_len: usize,
    callback: Callback,
    state: *mut c_void,
) -> i32 {
    call(|| {
        let ep = handle(endpoint, "endpoint")?;
        let remote_text = utf8(remote, remote_len, "remote address")?;
        let addr: SocketAddr = remote_text
            .parse()
            .map_err(|_| Error::new(INVALID_ARGUMENT, format!("bad remote address '{}'", remote_text)))?;
        let name = utf8(server_name, server_name_len, "server name")?;
        let context = format!("quic connect to {}", addr);
        let client = ep.client.clone().ok_or_else(|| {
            Error::new(INVALID_ARGUMENT, format!("{}: this endpoint has no server certificate pin, it cannot connect", context))
        })?;
        let connecting = {
            let _guard = RUNTIME.enter();
            ep.endpoint.connect_with(client, addr, name).map_err(|e| errors::connect(&e, &context))?
        };
        let endpoint = ep.endpoint.clone();
        let done = Completion::new(callback, state);
        RUNTIME.spawn(async move {
            let outcome = match connecting.await {
                Ok(conn) => Ok(Box::into_raw(Box::new(Connection::new(conn, endpoint))) as i64),
                Err(quinn::ConnectionError::TimedOut) => Err(Error::new(
                    CONNECTION_REFUSED,
                    format!("{}: no QUIC handshake answer before the idle timeout (nothing listening there?)", context),
                )),
                Err(e) => Err(crate::pin::refused(&e, &context).unwrap_or_else(|| errors::connection(&e, &context))),
            };
            done.complete(outcome);
        });
        Ok(())
    })
}

/// Closes the endpoint: pending accepts complete with LOCALLY_CLOSED, its connections are closed with `code`.
#[no_mangle]
pub extern "C" fn tq_endpoint_close(endpoint: *const Endpoint, code: u32) -> i32 {
    call(|| {
        let ep = handle(endpoint, "endpoint")?;
        ep.endpoint.close(quinn::VarInt::from_u32(code), b"");
        Ok(())
    })
}

/// Waits, up to `timeout_ms`, until the endpoint's UDP socket is closed (its port free again); the callback value
/// is 1 when it was, 0 on timeout. The wait holds no reference to the endpoint: start it after `tq_endpoint_close`,
/// then free the handle (`tq_endpoint_free`), since the socket outlives every handle and connection.
#[no_mangle]
pub extern "C" fn tq_endpoint_wait_released(endpoint: *const Endpoint, timeout_ms: u64, callback: Callback, state: *mut c_void) -> i32 {
    call(|| {
        let mut released = handle(endpoint, "endpoint")?.released.clone();
        let done = Completion::new(callback, state);
        RUNTIME.spawn(async move {
            // `changed` fails once the sender is gone, i.e. the socket was dropped; it never sends.
            let wait = async move { while released.changed().await.is_ok() {} };
            let outcome = tokio::time::timeout(std::time::Duration::from_millis(timeout_ms), wait).await.is_ok();
            done.complete(Ok(outcome as i64));
        });
        Ok(())
    })
}

/// Frees the endpoint handle (after `tq_endpoint_close`; connections keep their own reference).
#[no_mangle]
pub extern "C" fn tq_endpoint_free(endpoint: *mut Endpoint) {
    free(endpoint)
}
