//! Generates `src/gen/authsidecar.v1.rs` from `proto/src/main/proto/authsidecar/v1/*.proto`.
//!
//! Usage: `authsidecar-client-codegen <proto include dir> <output dir>` (see ../generate).
//! protox parses the .proto files into a FileDescriptorSet (it bundles the well-known types such
//! as google/protobuf/timestamp.proto), and tonic-prost-build turns that into prost messages and
//! tonic clients, formatted with prettyplease, so the output depends only on the protos and on the
//! versions pinned in Cargo.lock.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(include), Some(out), None) = (args.next(), args.next(), args.next()) else {
        return Err("usage: authsidecar-client-codegen <proto include dir> <output dir>".into());
    };
    let include = PathBuf::from(include);
    let out = PathBuf::from(out);

    // Every .proto of the package, sorted so the descriptor set (and so the output) has one order.
    let package_dir = include.join("authsidecar/v1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&package_dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "proto"));
    files.sort();
    if files.is_empty() {
        return Err(format!("no .proto files in {}", package_dir.display()).into());
    }
    // Names relative to the include dir, as the imports spell them (authsidecar/v1/factor.proto).
    let files: Vec<PathBuf> = files
        .iter()
        .map(|path| path.strip_prefix(&include).map(PathBuf::from))
        .collect::<Result<_, _>>()?;

    let descriptors = protox::compile(&files, [&include])?;

    std::fs::create_dir_all(&out)?;
    tonic_prost_build::configure()
        // A client library: the sidecar is the only server, and it is written in Java.
        .build_server(false)
        .build_client(true)
        .out_dir(&out)
        .compile_fds(descriptors)?;
    Ok(())
}
