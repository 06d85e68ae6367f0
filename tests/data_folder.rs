#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Where the data folder is when neither `--data-dir` nor `PODIUM_DATA_DIR` says: the
//! platform's folder for application data, read from the real environment of the real binary
//! (`podium sessions` names the folder it read).

use std::process::Command;

/// The folder `podium sessions` reads, run with exactly these environment variables.
#[cfg(all(unix, not(target_os = "macos")))]
fn folder_read_with(vars: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_podium"))
        .arg("sessions")
        .env_clear()
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.trim()
        .strip_prefix("No sessions recorded yet in ")
        .unwrap_or_else(|| panic!("unexpected output: {text}"))
        .to_owned()
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn linux_uses_xdg_data_home_then_home() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let data = dir.path().join("data");
    let (home, data) = (home.to_str().unwrap(), data.to_str().unwrap());
    let xdg = folder_read_with(&[("XDG_DATA_HOME", data), ("HOME", home)]);
    assert_eq!(xdg, format!("{data}/podium"));
    let relative_xdg = folder_read_with(&[("XDG_DATA_HOME", "data"), ("HOME", home)]);
    assert_eq!(relative_xdg, format!("{home}/.local/share/podium"));
    let home_only = folder_read_with(&[("HOME", home)]);
    assert_eq!(home_only, format!("{home}/.local/share/podium"));
}
