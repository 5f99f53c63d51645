//! Connections: open/accept bidirectional streams, DATAGRAM frames (RFC 9221), statistics, close.

use crate::errors;
use crate::ffi::*;
use crate::stream::Stream;
use crate::RUNTIME;
use std::ffi::c_void;

pub struct Connection {
    conn: quinn::Connection,
    // Keeps the endpoint (its socket and driver) alive as long as the connection is in use.
    _endpoint: quinn::Endpoint,
}

impl Connection {
    pub fn new(conn: quinn::Connection, endpoint: quinn::Endpoint) -> Self {
        Connection { conn, _endpoint: endpoint }
    }
}

/// Connection statistics (quinn's `ConnectionStats`), for `GetStatistics`.
#[repr(C)]
#[derive(Default)]
pub struct TqStats {
    pub rtt_us: u64,
    pub cwnd_bytes: u64,
    pub congestion_events: u64,
    pub lost_packets: u64,
    pub lost_bytes: u64,
    pub sent_packets: u64,
    pub udp_tx_bytes: u64,
    pub udp_rx_bytes: u64,
    pub udp_tx_datagrams: u64,
    pub udp_rx_datagrams: u64,
    pub max_datagram_payload_bytes: u64,
}

fn spawn_stream_op<F>(connection: *const Connection, callback: Callback, state: *mut c_void, open: F) -> i32
where
    F: FnOnce(quinn::Connection) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<i64>> + Send>>,
{
    call(|| {
        let conn = handle(connection, "connection")?.conn.clone();
        let done = Completion::new(callback, state);
        let op = open(conn);
        RUNTIME.spawn(async move { done.complete(op.await) });
        Ok(())
    })
}

fn stream_handle(pair: (quinn::SendStream, quinn::RecvStream)) -> i64 {
    Box::into_raw(Box::new(Stream::new(pair.0, pair.1))) as i64
}

/// Opens a bidirectional stream (waits for stream credit); the callback value is a stream handle. The peer
/// learns of the stream with its first STREAM frame, i.e. once data (or FIN) is written.
#[no_mangle]
pub extern "C" fn tq_conn_open_bi(connection: *const Connection, callback: Callback, state: *mut c_void) -> i32 {
    spawn_stream_op(connection, callback, state, |conn| {
        Box::pin(async move { conn.open_bi().await.map(stream_handle).map_err(|e| errors::connection(&e, "quic open stream")) })
    })
}

/// Accepts the next bidirectional stream the peer opened; the callback value is a stream handle.
#[no_mangle]
pub extern "C" fn tq_conn_accept_bi(connection: *const Connection, callback: Callback, state: *mut c_void) -> i32 {
    spawn_stream_op(connection, callback, state, |conn| {
        Box::pin(async move { conn.accept_bi().await.map(stream_handle).map_err(|e| errors::connection(&e, "quic accept stream")) })
    })
}

/// Queues one DATAGRAM frame (unreliable, RFC 9221) and returns at once. When the send queue has no room for it
/// (the congestion controller lets datagrams out more slowly than they come), returns `WOULD_BLOCK` instead of
/// letting quinn drop older queued datagrams: the caller waits with `tq_conn_wait_datagram_space` (backpressure).
#[no_mangle]
pub extern "C" fn tq_conn_send_datagram(connection: *const Connection, data: *const u8, len: usize) -> i32 {
    call(|| {
        let c = handle(connection, "connection")?;
        let data = bytes(data, len, "datagram")?;
        if c.conn.max_datagram_size().is_some() && c.conn.datagram_send_buffer_space() < len {
            return Err(Error::new(WOULD_BLOCK, "quic send datagram: send queue full"));
        }
        c.conn
            .send_datagram(bytes::Bytes::copy_from_slice(data))
            .map_err(|e| errors::datagram(&e, "quic send datagram"))
    })
}

/// Completes when the DATAGRAM send queue has room for `len` bytes (checked every 100 us: quinn 0.9 has no
/// event for it), or fails when the connection is lost.
#[no_mangle]
pub extern "C" fn tq_conn_wait_datagram_space(connection: *const Connection, len: usize, callback: Callback, state: *mut c_void) -> i32 {
    spawn_stream_op(connection, callback, state, move |conn| {
        Box::pin(async move {
            loop {
                if let Some(e) = conn.close_reason() {
                    return Err(errors::connection(&e, "quic send datagram"));
                }
                if conn.datagram_send_buffer_space() >= len {
                    return Ok(0);
                }
                tokio::time::sleep(std::time::Duration::from_micros(100)).await;
            }
        })
    })
}

/// Receives the next DATAGRAM frame into `buffer`; the callback value is its length in bytes.
#[no_mangle]
pub extern "C" fn tq_conn_read_datagram(
    connection: *const Connection,
    buffer: *mut u8,
    capacity: usize,
    callback: Callback,
    state: *mut c_void,
) -> i32 {
    let target = SendPtr(buffer);
    spawn_stream_op(connection, callback, state, move |conn| {
        Box::pin(async move {
            let datagram = conn.read_datagram().await.map_err(|e| errors::connection(&e, "quic receive datagram"))?;
            if datagram.len() > capacity {
                return Err(Error::new(
                    MESSAGE_TOO_LARGE,
                    format!("quic receive datagram: {} B datagram does not fit the {} B buffer", datagram.len(), capacity),
                ));
            }
            if !datagram.is_empty() {
                // SAFETY: the caller keeps `capacity` bytes at `buffer` pinned until this callback has run.
                unsafe { std::ptr::copy_nonoverlapping(datagram.as_ptr(), target.get(), datagram.len()) };
            }
            Ok(datagram.len() as i64)
        })
    })
}

/// Receives a DATAGRAM frame that has already arrived, without waiting: `*out_len` is its length in bytes, or -1
/// when none is queued (then wait with `tq_conn_read_datagram`). A plain call per datagram, with no task and no
/// callback: the asynchronous read costs both per datagram, which capped a busy receiver near 20k datagrams/s.
/// Polls quinn's `read_datagram` future once with a waker that does nothing; a later asynchronous read registers
/// its own waker. Must not run concurrently with `tq_conn_read_datagram` on the same connection.
#[no_mangle]
pub extern "C" fn tq_conn_try_read_datagram(connection: *const Connection, buffer: *mut u8, capacity: usize, out_len: *mut i64) -> i32 {
    call(|| {
        let c = handle(connection, "connection")?;
        if out_len.is_null() || (buffer.is_null() && capacity > 0) {
            return Err(Error::new(INVALID_ARGUMENT, "quic receive datagram: null buffer or length pointer"));
        }
        let waker = noop_waker();
        let mut context = std::task::Context::from_waker(&waker);
        let mut read = Box::pin(c.conn.read_datagram());
        let length = match std::future::Future::poll(read.as_mut(), &mut context) {
            std::task::Poll::Pending => -1,
            std::task::Poll::Ready(Err(e)) => return Err(errors::connection(&e, "quic receive datagram")),
            std::task::Poll::Ready(Ok(datagram)) => {
                if datagram.len() > capacity {
                    return Err(Error::new(
                        MESSAGE_TOO_LARGE,
                        format!("quic receive datagram: {} B datagram does not fit the {} B buffer", datagram.len(), capacity),
                    ));
                }
                if !datagram.is_empty() {
                    // SAFETY: the caller passes `capacity` writable bytes at `buffer` for the duration of this call.
                    unsafe { std::ptr::copy_nonoverlapping(datagram.as_ptr(), buffer, datagram.len()) };
                }
                datagram.len() as i64
            }
        };
        // SAFETY: checked non-null above; the caller passes a writable i64.
        unsafe { *out_len = length };
        Ok(())
    })
}

/// Writes the peer's address as text ("127.0.0.1:40112", "[::1]:40112") into `buffer` (at most `capacity` bytes)
/// and its length into `out_length`; used to report a refused peer.
#[no_mangle]
pub extern "C" fn tq_conn_remote_address(connection: *const Connection, buffer: *mut u8, capacity: usize, out_length: *mut usize) -> i32 {
    call(|| {
        let c = handle(connection, "connection")?;
        if buffer.is_null() || out_length.is_null() {
            return Err(Error::new(INVALID_ARGUMENT, "null out-parameter"));
        }
        let text = c.conn.remote_address().to_string();
        let n = text.len().min(capacity);
        // SAFETY: checked non-null; the caller owns `capacity` bytes at `buffer`.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buffer, n);
            *out_length = n;
        }
        Ok(())
    })
}

/// Fills `out_stats` with the connection's statistics.
#[no_mangle]
pub extern "C" fn tq_conn_stats(connection: *const Connection, out_stats: *mut TqStats) -> i32 {
    call(|| {
        let c = handle(connection, "connection")?;
        if out_stats.is_null() {
            return Err(Error::new(INVALID_ARGUMENT, "null out-parameter"));
        }
        let s = c.conn.stats();
        let stats = TqStats {
            rtt_us: s.path.rtt.as_micros() as u64,
            cwnd_bytes: s.path.cwnd,
            congestion_events: s.path.congestion_events,
            lost_packets: s.path.lost_packets,
            lost_bytes: s.path.lost_bytes,
            sent_packets: s.path.sent_packets,
            udp_tx_bytes: s.udp_tx.bytes,
            udp_rx_bytes: s.udp_rx.bytes,
            udp_tx_datagrams: s.udp_tx.datagrams,
            udp_rx_datagrams: s.udp_rx.datagrams,
            max_datagram_payload_bytes: c.conn.max_datagram_size().unwrap_or(0) as u64,
        };
        // SAFETY: checked non-null.
        unsafe { *out_stats = stats };
        Ok(())
    })
}

/// Closes the connection (CONNECTION_CLOSE with application error `code`); pending operations fail.
#[no_mangle]
pub extern "C" fn tq_conn_close(connection: *const Connection, code: u32) -> i32 {
    call(|| {
        let c = handle(connection, "connection")?;
        c.conn.close(quinn::VarInt::from_u32(code), b"");
        Ok(())
    })
}

/// Frees the connection handle. When no handle or stream refers to it any more, quinn closes it.
#[no_mangle]
pub extern "C" fn tq_conn_free(connection: *mut Connection) {
    free(connection)
}
