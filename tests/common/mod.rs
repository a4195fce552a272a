//! What the integration tests share.

use std::path::PathBuf;

/// Compares `actual` with the golden file `tests/golden/{name}`;
/// `UPDATE_GOLDEN=1 cargo test` rewrites it instead (read the diff before committing).
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden file; run with UPDATE_GOLDEN=1 and read the diff.\n--- actual ---\n{actual}"
    );
}
