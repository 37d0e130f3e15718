//! `dxplan backup`, `backups` and `restore`: a consistent copy, the automatic snapshots, and going back to one.

use std::path::PathBuf;

use dxplan::error::Result;
use dxplan::store::Store;

/// `dxplan backup`: a consistent copy, safe while the workbook is in use.
pub fn backup(file: PathBuf, dest: PathBuf) -> Result<()> {
    let store = Store::open(&file)?;
    store.backup_to(&dest)?;
    println!("バックアップを「{}」に作成しました。", dest.display());
    Ok(())
}

/// `dxplan backups`: the automatic snapshots (NAME.backups/), newest first.
pub fn list(file: PathBuf) -> Result<()> {
    if !file.exists() {
        return Err(dxplan::fsx::io_error(
            &file,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let list = dxplan::store::snapshots::list(&file)?;
    let dir = dxplan::store::snapshots::folder(&file);
    if list.is_empty() {
        println!(
            "「{}」のバックアップはまだありません（{}）。",
            file.display(),
            dir.display()
        );
        return Ok(());
    }
    println!(
        "「{}」のバックアップ {}件（{}、新しい順）:",
        file.display(),
        list.len(),
        dir.display()
    );
    for s in &list {
        println!(
            "{}  {:<16} {:>7} KB  {}",
            s.taken_at.format("%Y-%m-%d %H:%M:%S"),
            s.reason.label(),
            s.size.div_ceil(1024),
            s.file_name()
        );
    }
    Ok(())
}

/// `dxplan restore`: replaces the workbook with a snapshot (snapshotting the current content first).
pub fn restore(file: PathBuf, snapshot: PathBuf) -> Result<()> {
    let path = if snapshot.components().count() == 1 && !snapshot.exists() {
        dxplan::store::snapshots::folder(&file).join(&snapshot)
    } else {
        snapshot.clone()
    };
    let before = Store::restore(
        &file,
        &path,
        &dxplan::store::OpenOptions::new(dxplan::store::Mode::Edit),
    )?;
    if let Some(b) = before {
        println!("復元前の内容をバックアップしました（{}）。", b.file_name());
    }
    println!(
        "「{}」を「{}」の内容に戻しました。",
        file.display(),
        path.display()
    );
    Ok(())
}
