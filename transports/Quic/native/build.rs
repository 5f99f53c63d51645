//! Records the resolved quinn / quinn-proto / rustls versions (from Cargo.lock) so the library can report
//! them; the harness writes them into results as the backend version.
use std::fmt::Write;

fn main() {
    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock_path);
    let lock = std::fs::read_to_string(lock_path).unwrap_or_default();
    let mut version = String::new();
    for name in ["quinn", "quinn-proto", "rustls", "tokio"] {
        let needle = format!("name = \"{}\"\nversion = \"", name);
        let found = lock.find(&needle).map(|i| {
            let rest = &lock[i + needle.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        });
        if !version.is_empty() {
            version.push_str(", ");
        }
        let _ = write!(version, "{} {}", name, found.as_deref().unwrap_or("?"));
    }
    println!("cargo:rustc-env=TQ_DEPENDENCY_VERSIONS={}", version);
}
