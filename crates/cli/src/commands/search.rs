//! `search`, `facets`, `places`: a query parsed by the engine, one engine call, printed. A query
//! that does not parse exits with status 2, the message, and a caret line under the bad span.

use anyhow::Result;
use shoebox_engine::find::Query;
use shoebox_engine::{Library, PhotoFilter};

use super::print_json;
use crate::args::SearchArgs;
use crate::json::{FacetsJson, PlaceJson, SearchJson};

/// A query the user typed that does not parse: shown with a caret line, exit status 2.
#[derive(Debug)]
pub struct BadQuery {
    pub message: String,
    pub query: String,
    pub start: usize,
    pub end: usize,
}

impl std::fmt::Display for BadQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let width = self.end.saturating_sub(self.start).max(1);
        write!(
            f,
            "bad query: {}\n  {}\n  {}{}",
            self.message,
            self.query,
            " ".repeat(self.start),
            "^".repeat(width)
        )
    }
}

impl std::error::Error for BadQuery {}

/// An engine error about `query`, as a [`BadQuery`] when it is a parse error.
pub fn query_error(e: shoebox_engine::Error, query: &str) -> anyhow::Error {
    match e {
        shoebox_engine::Error::Query {
            message,
            start,
            end,
        } => BadQuery {
            message,
            query: query.to_string(),
            start,
            end,
        }
        .into(),
        other => other.into(),
    }
}

/// The filter of a query typed on the command line.
pub fn parse(text: &str) -> Result<PhotoFilter> {
    let query = Query::parse(text).map_err(|e| query_error(e, text))?;
    Ok(PhotoFilter::query(query))
}

pub fn search(library: &Library, args: &SearchArgs, json: bool) -> Result<()> {
    let filter = parse(&args.query)?;
    let page = library
        .search(&filter, args.after.as_deref(), args.limit)
        .map_err(|e| query_error(e, &args.query))?;
    if json {
        return print_json(&SearchJson::from(&page));
    }
    for p in &page.photos {
        println!(
            "{:>8}  {}  {:>5}x{:<5}  {}",
            p.id,
            p.capture.taken_at_text(),
            p.width,
            p.height,
            p.path.display()
        );
    }
    println!("{} photos", page.total);
    if let Some(next) = &page.next {
        println!("next: {next}");
    }
    Ok(())
}

pub fn facets(library: &Library, query: &str, json: bool) -> Result<()> {
    let filter = parse(query)?;
    let facets = library.facets(&filter).map_err(|e| query_error(e, query))?;
    if json {
        return print_json(&FacetsJson::new(&facets)?);
    }
    for facet in &facets.facets {
        if facet.values.is_empty() {
            continue;
        }
        println!("{}:", facet.name);
        for v in &facet.values {
            let mark = if v.selected { "*" } else { " " };
            println!("  {mark}{:>8}  {:<28}  {}", v.count, v.label, v.query);
        }
    }
    Ok(())
}

pub fn places(library: &Library, query: &str, json: bool) -> Result<()> {
    let filter = parse(query)?;
    let places = library.places(&filter).map_err(|e| query_error(e, query))?;
    if json {
        let list: Vec<PlaceJson<'_>> = places.iter().map(PlaceJson::from).collect();
        return print_json(&serde_json::json!({ "places": list }));
    }
    for p in &places {
        println!("{:>8}  {} / {} / {}", p.count, p.country, p.region, p.city);
    }
    Ok(())
}
