//! quinn errors to FFI error codes; the message is quinn's own text (its Display), prefixed with the operation.

use crate::ffi::*;
use quinn::{ConnectError, ConnectionError, ReadError, SendDatagramError, WriteError};

pub fn connection(e: &ConnectionError, context: &str) -> Error {
    let code = match e {
        ConnectionError::ApplicationClosed(_) | ConnectionError::ConnectionClosed(_) | ConnectionError::Reset => CONNECTION_RESET,
        ConnectionError::TransportError(_) | ConnectionError::VersionMismatch => PROTOCOL_ERROR,
        ConnectionError::TimedOut => TIMEOUT,
        ConnectionError::LocallyClosed => LOCALLY_CLOSED,
    };
    Error::new(code, format!("{}: connection lost: {}", context, e))
}

pub fn write(e: &WriteError, context: &str) -> Error {
    match e {
        WriteError::ConnectionLost(c) => connection(c, context),
        WriteError::Stopped(code) => Error::new(CONNECTION_RESET, format!("{}: peer stopped the stream (STOP_SENDING, error code {})", context, code)),
        _ => Error::new(LOCALLY_CLOSED, format!("{}: {}", context, e)),
    }
}

pub fn read(e: &ReadError, context: &str) -> Error {
    match e {
        ReadError::ConnectionLost(c) => connection(c, context),
        ReadError::Reset(code) => Error::new(CONNECTION_RESET, format!("{}: peer reset the stream (RESET_STREAM, error code {})", context, code)),
        _ => Error::new(LOCALLY_CLOSED, format!("{}: {}", context, e)),
    }
}

pub fn datagram(e: &SendDatagramError, context: &str) -> Error {
    match e {
        SendDatagramError::ConnectionLost(c) => connection(c, context),
        SendDatagramError::TooLarge => Error::new(MESSAGE_TOO_LARGE, format!("{}: {}", context, e)),
        SendDatagramError::UnsupportedByPeer | SendDatagramError::Disabled => Error::new(NOT_SUPPORTED, format!("{}: {}", context, e)),
    }
}

pub fn connect(e: &ConnectError, context: &str) -> Error {
    let code = match e {
        ConnectError::InvalidRemoteAddress(_) | ConnectError::InvalidDnsName(_) => INVALID_ARGUMENT,
        _ => UNKNOWN,
    };
    Error::new(code, format!("{}: {}", context, e))
}

pub fn io(e: &std::io::Error, context: &str) -> Error {
    let code = match e.kind() {
        std::io::ErrorKind::AddrInUse => ADDRESS_IN_USE,
        std::io::ErrorKind::AddrNotAvailable | std::io::ErrorKind::InvalidInput => INVALID_ARGUMENT,
        _ => UNKNOWN,
    };
    Error::new(code, format!("{}: {}", context, e))
}
