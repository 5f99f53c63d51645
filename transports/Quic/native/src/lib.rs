//! transports_quinn: a C ABI over quinn 0.9 (QUIC, RFC 9000/9001/9002, DATAGRAM RFC 9221) for the Transports
//! harness. Glue only: endpoints, connections, bidirectional streams, datagrams and statistics; quinn does the
//! protocol. Conventions (status codes, callbacks, no panics across the boundary) are in `ffi`.

mod config;
mod connection;
mod endpoint;
mod errors;
mod ffi;
mod pin;
mod stream;

use once_cell::sync::Lazy;
use std::ffi::CStr;
use std::os::raw::c_char;

/// One multi-threaded tokio runtime drives every endpoint; C# never blocks on it, it gets callbacks.
pub(crate) static RUNTIME: Lazy<tokio::runtime::Runtime> = Lazy::new(|| {
    let workers = std::env::var("TRANSPORTS_QUINN_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(2usize);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .thread_name("quinn-runtime")
        .enable_all()
        .build()
        .expect("tokio runtime")
});

static VERSION: &str = concat!(env!("TQ_DEPENDENCY_VERSIONS"), "\0");

/// The versions of quinn, quinn-proto, rustls and tokio this library was built with (static, NUL-terminated).
#[no_mangle]
pub extern "C" fn tq_version() -> *const c_char {
    CStr::from_bytes_with_nul(VERSION.as_bytes()).map(|c| c.as_ptr()).unwrap_or(std::ptr::null())
}
