//! The FFI conventions shared by every exported function.
//!
//! * Synchronous calls return a status code (`OK` or one of the error codes below). On error, the message is
//!   kept in a thread-local and read with `tq_last_error` on the same thread right after the call.
//! * Asynchronous calls take a `Callback` and an opaque `state`; they return at once and the callback runs
//!   exactly once, on a runtime thread, with (state, code, value, message). `value` is the result (a byte
//!   count or a new handle); the message pointer is valid only during the callback.
//! * No panic crosses the boundary: synchronous bodies run under `catch_unwind`, and an asynchronous
//!   operation's `Completion` reports `PANIC` from its destructor if the task unwinds or is dropped.

use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Success.
pub const OK: i32 = 0;
/// Any failure not listed below.
pub const UNKNOWN: i32 = 1;
/// The peer reset the stream or closed/lost the connection.
pub const CONNECTION_RESET: i32 = 2;
/// The peer refused (e.g. ALPN or version mismatch) or did not answer the handshake.
pub const CONNECTION_REFUSED: i32 = 3;
/// The UDP port is taken.
pub const ADDRESS_IN_USE: i32 = 4;
/// A datagram larger than the path allows.
pub const MESSAGE_TOO_LARGE: i32 = 5;
/// The peer violated QUIC (TRANSPORT_ERROR close) or TLS failed.
pub const PROTOCOL_ERROR: i32 = 6;
/// Idle timeout.
pub const TIMEOUT: i32 = 7;
/// A bad argument (null handle, bad address, bad certificate).
pub const INVALID_ARGUMENT: i32 = 8;
/// A bug in this library: a caught panic.
pub const PANIC: i32 = 9;
/// The local side closed the connection or stream.
pub const LOCALLY_CLOSED: i32 = 10;
/// The peer does not support (or disabled) DATAGRAM frames.
pub const NOT_SUPPORTED: i32 = 11;
/// The DATAGRAM send queue has no room: wait (`tq_conn_wait_datagram_space`) and try again.
pub const WOULD_BLOCK: i32 = 12;
/// The server presented a certificate other than the pinned one (see `pin`).
pub const AUTHENTICATION_FAILED: i32 = 13;

/// An error: one of the codes above plus a message for the user.
pub struct Error {
    pub code: i32,
    pub message: String,
}

impl Error {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

thread_local! {
    static LAST_ERROR: RefCell<Vec<u8>> = RefCell::new(Vec::new());
}

/// Runs a synchronous FFI body: catches panics and stores the error message for `tq_last_error`.
pub fn call(body: impl FnOnce() -> Result<()>) -> i32 {
    let outcome = catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|_| Err(Error::new(PANIC, "internal error: panic in transports_quinn")));
    match outcome {
        Ok(()) => OK,
        Err(e) => {
            LAST_ERROR.with(|m| *m.borrow_mut() = e.message.into_bytes());
            e.code
        }
    }
}

/// Copies the last error message of this thread into `buffer`; returns its full length in bytes.
#[no_mangle]
pub extern "C" fn tq_last_error(buffer: *mut u8, capacity: usize) -> usize {
    catch_unwind(|| {
        LAST_ERROR.with(|m| {
            let m = m.borrow();
            if !buffer.is_null() {
                let n = m.len().min(capacity);
                // SAFETY: the caller passes a writable buffer of `capacity` bytes.
                unsafe { std::ptr::copy_nonoverlapping(m.as_ptr(), buffer, n) };
            }
            m.len()
        })
    })
    .unwrap_or(0)
}

/// Completion callback: (state, code, value, message bytes, message length).
pub type Callback = extern "C" fn(state: *mut c_void, code: i32, value: i64, message: *const u8, message_len: usize);

/// Calls the callback exactly once. If dropped without `complete` (panic or cancelled task), reports `PANIC`.
pub struct Completion {
    callback: Callback,
    state: SendPtr,
    done: bool,
}

impl Completion {
    pub fn new(callback: Callback, state: *mut c_void) -> Self {
        Completion { callback, state: SendPtr(state as *mut u8), done: false }
    }

    pub fn complete(mut self, outcome: Result<i64>) {
        self.done = true;
        match outcome {
            Ok(value) => (self.callback)(self.state.0 as *mut c_void, OK, value, std::ptr::null(), 0),
            Err(e) => (self.callback)(self.state.0 as *mut c_void, e.code, 0, e.message.as_ptr(), e.message.len()),
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        if !self.done {
            let m = "internal error: quinn operation panicked or was dropped (runtime shutting down?)";
            (self.callback)(self.state.0 as *mut c_void, PANIC, 0, m.as_ptr(), m.len());
        }
    }
}

/// A raw pointer that may move to a runtime thread: the C# caller keeps the memory pinned and alive until
/// the operation's callback has run.
#[derive(Clone, Copy)]
pub struct SendPtr(pub *mut u8);
// SAFETY: see the type's documentation; the pointee is owned and pinned by the caller for the operation.
unsafe impl Send for SendPtr {}
unsafe impl Sync for SendPtr {}

impl SendPtr {
    /// The pointer. A method (not `.0`) so closures capture the whole `Send` wrapper, not the raw field.
    pub fn get(self) -> *mut u8 {
        self.0
    }
}

/// Borrows a handle created by `Box::into_raw`. Null is an `INVALID_ARGUMENT` error.
pub fn handle<'a, T>(ptr: *const T, what: &str) -> Result<&'a T> {
    if ptr.is_null() {
        return Err(Error::new(INVALID_ARGUMENT, format!("null {} handle", what)));
    }
    // SAFETY: non-null handles come from Box::into_raw and stay alive until the matching free call.
    Ok(unsafe { &*ptr })
}

/// Frees a handle created by `Box::into_raw` (null is ignored).
pub fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller frees each handle once, after its last use.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(ptr) })));
    }
}

/// Reads a UTF-8 string argument (pointer + length).
pub fn utf8<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a str> {
    let bytes = bytes(ptr, len, what)?;
    std::str::from_utf8(bytes).map_err(|_| Error::new(INVALID_ARGUMENT, format!("{} is not UTF-8", what)))
}

/// Reads a byte-slice argument (pointer + length); a null pointer is only valid with length 0.
pub fn bytes<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::new(INVALID_ARGUMENT, format!("{}: null pointer", what)));
    }
    // SAFETY: the caller passes `len` readable bytes at `ptr` for the duration of the call.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Stores a new handle into an out-parameter.
pub fn out<T>(target: *mut *mut T, value: T) -> Result<()> {
    if target.is_null() {
        return Err(Error::new(INVALID_ARGUMENT, "null out-parameter"));
    }
    // SAFETY: checked non-null; the caller passes a writable pointer slot.
    unsafe { *target = Box::into_raw(Box::new(value)) };
    Ok(())
}

/// A waker that does nothing, for polling a future exactly once (std's `Waker::noop` needs Rust 1.85; Debian 12
/// ships 1.63).
pub fn noop_waker() -> std::task::Waker {
    use std::task::{RawWaker, RawWakerVTable};
    fn clone(_: *const ()) -> RawWaker {
        RawWaker::new(std::ptr::null(), &VTABLE)
    }
    fn noop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: every vtable function ignores the (null) data pointer, so the contract of RawWaker holds trivially.
    unsafe { std::task::Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) }
}
