//! The Shoebox desktop app's entry point: everything happens in `shoebox_app::run`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    shoebox_app::run()
}
