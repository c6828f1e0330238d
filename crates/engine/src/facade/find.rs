//! Finding photos on the library: a search page with its total, facet counts and places under a
//! filter (the filter's `query` is the search box, a smart album's rule or the CLI's argument).

use crate::db::{self, view::ViewSql};
use crate::error::Result;
use crate::find::{facets, Facets, PlaceCount, SearchPage};
use crate::model::{PhotoFilter, TimelineQuery};
use crate::Library;

impl Library {
    /// A page of the photos `filter` selects, newest first by keyset (`after`: the `next` of the
    /// previous page), and how many match in all.
    pub fn search(
        &self,
        filter: &PhotoFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<SearchPage> {
        let conn = self.reader();
        let query =
            TimelineQuery::page(filter.clone(), after, None, limit.clamp(1, 10_000) as u32)?;
        let page = db::photos::timeline(&conn, &query)?;
        let total = db::facets::count(&conn, &ViewSql::of(&conn, filter)?)?;
        Ok(SearchPage {
            photos: page.photos,
            next: page.next.map(|c| c.to_string()),
            total,
        })
    }

    /// Every facet's values with counts under `filter`, each facet without its own terms.
    pub fn facets(&self, filter: &PhotoFilter) -> Result<Facets> {
        facets::compute(&self.reader(), filter)
    }

    /// Credits every photo whose coordinates were not looked up yet to its place (offline, from
    /// the embedded GeoNames-derived data): after each scan and at open; resumable. Returns how
    /// many photos were looked up.
    pub fn locate_pending(&self) -> Result<u64> {
        db::places::locate_pending(&mut self.writer(), &|lat, lon| {
            shoebox_places::locate(lat, lon).map(|p| db::places::PlaceRow {
                id: i64::from(p.id),
                city: p.city.to_string(),
                region: p.region.to_string(),
                country: p.country.to_string(),
                country_code: p.country_code.to_string(),
            })
        })
    }

    /// Photos per place under `filter` (the sidebar folds them country → region → city).
    pub fn places(&self, filter: &PhotoFilter) -> Result<Vec<PlaceCount>> {
        let conn = self.reader();
        db::facets::places(&conn, &ViewSql::of(&conn, filter)?)
    }
}
