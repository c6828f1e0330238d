//! The organize shapes: marks (on every tile), the views a timeline shows, the photos an action
//! applies to (ids, or a view's index ranges), albums, tags, places in an album's order, outcomes,
//! the history and one photo's organization. Inputs derive `Deserialize` here too, so every shape the
//! UI and the shell exchange is declared in `dto/`.

use serde::{Deserialize, Serialize};
use shoebox_engine::{
    Album, AlbumKind, AlbumSort, Flag, HistoryState, Label, MarkChange, Marks, Outcome,
    PhotoFilter, PhotoId, Place, Tag,
};
use specta::Type;

/// A photo's pick / reject flag.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum FlagDto {
    None,
    Pick,
    Reject,
}

/// A photo's colour label.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum LabelDto {
    None,
    Red,
    Yellow,
    Green,
    Blue,
    Purple,
}

impl From<Flag> for FlagDto {
    fn from(f: Flag) -> Self {
        match f {
            Flag::None => FlagDto::None,
            Flag::Pick => FlagDto::Pick,
            Flag::Reject => FlagDto::Reject,
        }
    }
}

impl From<FlagDto> for Flag {
    fn from(f: FlagDto) -> Self {
        match f {
            FlagDto::None => Flag::None,
            FlagDto::Pick => Flag::Pick,
            FlagDto::Reject => Flag::Reject,
        }
    }
}

impl From<Label> for LabelDto {
    fn from(l: Label) -> Self {
        match l {
            Label::None => LabelDto::None,
            Label::Red => LabelDto::Red,
            Label::Yellow => LabelDto::Yellow,
            Label::Green => LabelDto::Green,
            Label::Blue => LabelDto::Blue,
            Label::Purple => LabelDto::Purple,
        }
    }
}

impl From<LabelDto> for Label {
    fn from(l: LabelDto) -> Self {
        match l {
            LabelDto::None => Label::None,
            LabelDto::Red => Label::Red,
            LabelDto::Yellow => Label::Yellow,
            LabelDto::Green => Label::Green,
            LabelDto::Blue => Label::Blue,
            LabelDto::Purple => Label::Purple,
        }
    }
}

/// A photo's marks: favourite, 0-5 stars, flag and colour label, independent of each other.
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MarksDto {
    pub favourite: bool,
    pub rating: u8,
    pub flag: FlagDto,
    pub label: LabelDto,
}

impl From<&Marks> for MarksDto {
    fn from(m: &Marks) -> Self {
        MarksDto {
            favourite: m.favourite,
            rating: m.rating,
            flag: m.flag.into(),
            label: m.label.into(),
        }
    }
}

/// What a mark action sets; null leaves that mark as it is.
#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MarkChangeDto {
    pub favourite: Option<bool>,
    pub rating: Option<u8>,
    pub flag: Option<FlagDto>,
    pub label: Option<LabelDto>,
}

impl From<MarkChangeDto> for MarkChange {
    fn from(c: MarkChangeDto) -> Self {
        MarkChange {
            favourite: c.favourite,
            rating: c.rating,
            flag: c.flag.map(Flag::from),
            label: c.label.map(Label::from),
        }
    }
}

/// Which photos a timeline shows: a sidebar view, narrowed by the search box's query. Every
/// command that takes a view (pages, months, positions, range selections) honours the query.
#[derive(Debug, Deserialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ViewDto {
    #[serde(flatten)]
    pub of: ViewKindDto,
    /// The search box's query (the engine's syntax), ANDed with the view; absent or blank: none.
    #[serde(default)]
    #[specta(optional)]
    pub query: Option<String>,
}

/// The sidebar's views.
#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ViewKindDto {
    All,
    /// A folder and its sub-folders.
    Folder {
        id: i64,
    },
    /// An album, in its own sort (manual order: one section, month "manual"); a smart album is
    /// answered by its query.
    Album {
        id: i64,
    },
    /// A tag and its sub-tags.
    Tag {
        id: i64,
    },
    Favourites,
    Picks,
    Rejected,
}

impl ViewDto {
    /// A sidebar view without a query.
    pub fn of(of: ViewKindDto) -> ViewDto {
        ViewDto { of, query: None }
    }

    /// The query as typed, unless absent or blank.
    pub fn query_text(&self) -> Option<&str> {
        self.query.as_deref().filter(|q| !q.trim().is_empty())
    }

    /// The engine's filter for the view and its query (an album's date order; its manual order
    /// is `album_page`). A query that does not parse is the engine's `Error::Query`.
    pub fn filter(&self) -> shoebox_engine::Result<PhotoFilter> {
        let mut f = PhotoFilter::default();
        match self.of {
            ViewKindDto::All => {}
            ViewKindDto::Folder { id } => f.folder = Some(id),
            ViewKindDto::Album { id } => f.album = Some(id),
            ViewKindDto::Tag { id } => f.tag = Some(id),
            ViewKindDto::Favourites => f.favourite = true,
            ViewKindDto::Picks => f.flag = Some(Flag::Pick),
            ViewKindDto::Rejected => f.flag = Some(Flag::Reject),
        }
        if let Some(text) = self.query_text() {
            let query = shoebox_engine::find::Query::parse(text)?;
            if !query.is_empty() {
                f.query = Some(std::sync::Arc::new(query));
            }
        }
        Ok(f)
    }
}

/// The photos an action applies to: `ids`, plus the photos at `ranges` ([start, end) indices in the
/// order of `view`), resolved when the action runs so a range over photos the UI never loaded (or
/// Ctrl+A) sends no ids.
#[derive(Debug, Deserialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TargetsDto {
    pub view: Option<ViewDto>,
    pub ranges: Vec<(u64, u64)>,
    pub ids: Vec<PhotoId>,
}

/// What a write did: photos changed, its undo step, and a label ("Rate 4 stars (12 photos)").
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeDto {
    pub changed: u64,
    pub step: Option<i64>,
    pub label: String,
}

impl From<Outcome> for OutcomeDto {
    fn from(o: Outcome) -> Self {
        OutcomeDto {
            changed: o.changed,
            step: o.step,
            label: o.label,
        }
    }
}

/// An album (holds photos), an album folder (holds albums) or a smart album (a saved query: the
/// photos it finds, live; never a drop target).
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AlbumKindDto {
    Album,
    Folder,
    Smart,
}

/// An album's order: the user's (drag and drop) or by date.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AlbumSortDto {
    Manual,
    Date,
}

impl From<AlbumKindDto> for AlbumKind {
    fn from(k: AlbumKindDto) -> Self {
        match k {
            AlbumKindDto::Album => AlbumKind::Album,
            AlbumKindDto::Folder => AlbumKind::Folder,
            AlbumKindDto::Smart => AlbumKind::Smart,
        }
    }
}

impl From<AlbumSortDto> for AlbumSort {
    fn from(s: AlbumSortDto) -> Self {
        match s {
            AlbumSortDto::Manual => AlbumSort::Manual,
            AlbumSortDto::Date => AlbumSort::Date,
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AlbumDto {
    pub id: i64,
    pub name: String,
    pub kind: AlbumKindDto,
    pub parent_id: Option<i64>,
    /// Photos in the album (0 for a folder).
    pub count: u64,
    /// The chosen cover, else the first photo; null when empty.
    pub cover_id: Option<PhotoId>,
    pub sort: AlbumSortDto,
    /// A smart album's query (null for the others).
    pub query: Option<String>,
}

impl From<&Album> for AlbumDto {
    fn from(a: &Album) -> Self {
        AlbumDto {
            id: a.id,
            name: a.name.clone(),
            kind: match a.kind {
                AlbumKind::Album => AlbumKindDto::Album,
                AlbumKind::Folder => AlbumKindDto::Folder,
                AlbumKind::Smart => AlbumKindDto::Smart,
            },
            parent_id: a.parent_id,
            count: a.count,
            cover_id: a.cover_id,
            sort: match a.sort {
                AlbumSort::Manual => AlbumSortDto::Manual,
                AlbumSort::Date => AlbumSortDto::Date,
            },
            query: a.query.clone(),
        }
    }
}

/// A tag of the tree.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TagDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// "Places/France/Paris".
    pub path: String,
    /// Photos with this tag or one below it.
    pub count: u64,
}

impl From<&Tag> for TagDto {
    fn from(t: &Tag) -> Self {
        TagDto {
            id: t.id,
            parent_id: t.parent_id,
            name: t.name.clone(),
            path: t.path.clone(),
            count: t.count,
        }
    }
}

/// Where moved photos go in an album's manual order.
#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PlaceDto {
    First,
    Last,
    Before { id: PhotoId },
    After { id: PhotoId },
}

impl From<PlaceDto> for Place {
    fn from(p: PlaceDto) -> Self {
        match p {
            PlaceDto::First => Place::First,
            PlaceDto::Last => Place::Last,
            PlaceDto::Before { id } => Place::Before(id),
            PlaceDto::After { id } => Place::After(id),
        }
    }
}

/// The undo history: `rev` changes with every organize change from any process (the CLI too); the
/// labels of the next undo and redo steps.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryDto {
    pub rev: i64,
    pub undo: Option<String>,
    pub redo: Option<String>,
}

impl From<HistoryState> for HistoryDto {
    fn from(h: HistoryState) -> Self {
        HistoryDto {
            rev: h.rev,
            undo: h.undo,
            redo: h.redo,
        }
    }
}

/// An album a photo is in.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AlbumRef {
    pub id: i64,
    pub name: String,
}

/// One photo's marks, title, description, tags (paths) and albums, for the info panel.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoOrganization {
    pub marks: MarksDto,
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub albums: Vec<AlbumRef>,
}
