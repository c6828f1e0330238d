//! The Shoebox desktop shell.
