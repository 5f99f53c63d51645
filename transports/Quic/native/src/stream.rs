//! Bidirectional streams: write/read/finish/reset. One writer and one reader may be in flight at once; each
//! half sits behind its own async mutex so an operation can own it across awaits.

use crate::errors;
use crate::ffi::*;
use crate::RUNTIME;
use std::ffi::c_void;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Stream {
    send: Arc<Mutex<quinn::SendStream>>,
    recv: Arc<Mutex<quinn::RecvStream>>,
}

impl Stream {
    pub fn new(send: quinn::SendStream, recv: quinn::RecvStream) -> Self {
        Stream { send: Arc::new(Mutex::new(send)), recv: Arc::new(Mutex::new(recv)) }
    }
}

fn spawn<F, Fut>(stream: *const Stream, callback: Callback, state: *mut c_void, op: F) -> i32
where
    F: FnOnce(&Stream) -> Fut,
    Fut: Future<Output = Result<i64>> + Send + 'static,
{
    call(|| {
        let s = handle(stream, "stream")?;
        let done = Completion::new(callback, state);
        let fut = op(s);
        RUNTIME.spawn(async move { done.complete(fut.await) });
        Ok(())
    })
}

/// Writes all `len` bytes at `data` (copied into quinn's send buffer; waits while flow control or the send
/// window is exhausted: that is the backpressure). The callback value is `len`.
#[no_mangle]
pub extern "C" fn tq_stream_write(stream: *const Stream, data: *const u8, len: usize, callback: Callback, state: *mut c_void) -> i32 {
    let source = SendPtr(data as *mut u8);
    spawn(stream, callback, state, |s| {
        let send = s.send.clone();
        async move {
            let mut send = send.lock().await;
            if len > 0 {
                // SAFETY: the caller keeps `len` bytes at `data` pinned until this callback has run.
                let slice = unsafe { std::slice::from_raw_parts(source.get() as *const u8, len) };
                send.write_all(slice).await.map_err(|e| errors::write(&e, "quic send"))?;
            }
            Ok(len as i64)
        }
    })
}

/// Reads the next available bytes into `buffer`; the callback value is the byte count, or -1 at the peer's FIN.
#[no_mangle]
pub extern "C" fn tq_stream_read(stream: *const Stream, buffer: *mut u8, capacity: usize, callback: Callback, state: *mut c_void) -> i32 {
    let target = SendPtr(buffer);
    spawn(stream, callback, state, |s| {
        let recv = s.recv.clone();
        async move {
            let mut recv = recv.lock().await;
            // SAFETY: the caller keeps `capacity` bytes at `buffer` pinned until this callback has run.
            let slice = unsafe { std::slice::from_raw_parts_mut(target.get(), capacity) };
            match recv.read(slice).await.map_err(|e| errors::read(&e, "quic receive"))? {
                Some(n) => Ok(n as i64),
                None => Ok(-1),
            }
        }
    })
}

/// Sends FIN after the buffered data; completes when the peer has acknowledged all of it, or when the peer closed
/// the connection without error (code 0) meanwhile: a peer that read to our FIN and closed at once may never
/// send the last ACK, and its normal close is its statement that it is done.
#[no_mangle]
pub extern "C" fn tq_stream_finish(stream: *const Stream, callback: Callback, state: *mut c_void) -> i32 {
    spawn(stream, callback, state, |s| {
        let send = s.send.clone();
        async move {
            let mut send = send.lock().await;
            match send.finish().await {
                Ok(()) => Ok(0),
                // Finishing twice is not an error (the send side is already closed).
                Err(quinn::WriteError::UnknownStream) => Ok(0),
                Err(quinn::WriteError::ConnectionLost(quinn::ConnectionError::ApplicationClosed(ref close)))
                    if close.error_code == quinn::VarInt::from_u32(0) => Ok(0),
                Err(e) => Err(errors::write(&e, "quic finish")),
            }
        }
    })
}

/// Abortive close: RESET_STREAM on the send half and STOP_SENDING on the receive half, with `code`. Runs once
/// pending operations on each half release it.
#[no_mangle]
pub extern "C" fn tq_stream_reset(stream: *const Stream, code: u32) -> i32 {
    call(|| {
        let s = handle(stream, "stream")?;
        let (send, recv) = (s.send.clone(), s.recv.clone());
        let code = quinn::VarInt::from_u32(code);
        RUNTIME.spawn(async move {
            let _ = send.lock().await.reset(code);
        });
        RUNTIME.spawn(async move {
            let _ = recv.lock().await.stop(code);
        });
        Ok(())
    })
}

/// Frees the stream handle; a send half neither finished nor reset is finished implicitly by quinn.
#[no_mangle]
pub extern "C" fn tq_stream_free(stream: *mut Stream) {
    free(stream)
}
