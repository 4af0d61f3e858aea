//! `accord-tables [FOLDER]`: derive the prebuilt start-up tables from the data files and write them into FOLDER
//! (default `data/prebuilt`), as the library includes them (`make tables`; see `_accord::prebuilt`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let folder = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "data/prebuilt".to_string()));
    if let Err(e) = std::fs::create_dir_all(&folder) {
        eprintln!("accord-tables: {}: {e}", folder.display());
        return ExitCode::FAILURE;
    }
    for (name, bytes) in _accord::prebuilt::derive_all() {
        let path = folder.join(name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("accord-tables: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
