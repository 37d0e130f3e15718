//! Where a workbook lives: a local disk or a network share (NFS, SMB/CIFS …). On a share SQLite's WAL mode is
//! unsafe (it needs shared memory that network filesystems do not provide), so dxplan never uses WAL anywhere and
//! says so when asked; the edit lock (`lock.rs`) is a plain file so it works on shares too.

use std::path::Path;

/// The network filesystem holding `path`, if it is on one (`"NFS"`, `"SMB/CIFS"` …); `None` on a local disk or
/// when it cannot be told (on Windows only UNC paths are recognised, not mapped drive letters).
pub fn network_filesystem(path: &Path) -> Option<&'static str> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if cfg!(windows) && is_unc_path(&path.to_string_lossy()) {
        return Some("Windows共有フォルダ（UNC）");
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
        // SAFETY: `c` is a valid C string and `st` is writable memory of the right size.
        let r = unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) };
        if r != 0 {
            return None;
        }
        // SAFETY: statfs succeeded and filled the struct.
        let st = unsafe { st.assume_init() };
        #[allow(clippy::unnecessary_cast)]
        fs_type_name(st.f_type as u64 as u32)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        None
    }
}

/// Names a Linux `statfs` filesystem magic number that is a network filesystem.
pub fn fs_type_name(magic: u32) -> Option<&'static str> {
    match magic {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x5346_414F => Some("AFS"),
        0x0102_1997 => Some("9P"),
        0x00C3_6400 => Some("Ceph"),
        0x0BD0_0BD0 => Some("Lustre"),
        0x4750_4653 => Some("GPFS"),
        _ => None,
    }
}

/// A Windows UNC path (`\\server\share\…`, `\\?\UNC\server\…`, or with forward slashes), which is always on a
/// network share. A drive-letter path under `\\?\` is local.
pub fn is_unc_path(p: &str) -> bool {
    let p = p.replace('/', "\\");
    if let Some(rest) = p.strip_prefix("\\\\?\\") {
        return rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("UNC\\");
    }
    p.starts_with("\\\\") && !p.starts_with("\\\\.\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfs_and_smb_magic_numbers_are_network_filesystems_and_ext4_is_not() {
        assert_eq!(fs_type_name(0x6969), Some("NFS"));
        assert_eq!(fs_type_name(0xFF53_4D42), Some("CIFS"));
        assert_eq!(fs_type_name(0xFE53_4D42), Some("SMB2"));
        assert_eq!(fs_type_name(0xEF53), None, "ext4 is local");
        assert_eq!(fs_type_name(0x0102_1994), None, "tmpfs is local");
    }

    #[test]
    fn unc_paths_are_shares_and_drive_letters_are_not() {
        assert!(is_unc_path(r"\\fileserver\dx\計画.dxplan"));
        assert!(is_unc_path(r"\\?\UNC\fileserver\dx\計画.dxplan"));
        assert!(is_unc_path("//fileserver/dx/plan.dxplan"));
        assert!(!is_unc_path(r"C:\Users\dx\計画.dxplan"));
        assert!(!is_unc_path(r"\\?\C:\dx\plan.dxplan"));
        assert!(!is_unc_path(r"\\.\PIPE\x"));
        assert!(!is_unc_path("/home/dx/plan.dxplan"));
    }

    #[test]
    fn a_temporary_folder_is_a_local_disk() {
        let f = std::env::temp_dir().join("x.dxplan");
        assert_eq!(network_filesystem(&f), None);
    }
}
