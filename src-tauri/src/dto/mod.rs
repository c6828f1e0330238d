//! The shapes the UI sees (camelCase JSON, exported to `ui/src/bindings.ts`): the only module of the
//! shell that derives `Serialize`. Engine types are converted here, never serialized directly.

mod backup;
mod cleanup;
mod error;
mod events;
mod export;
mod find;
mod gallery;
mod organize;
mod restore;
mod xmp;

pub use backup::{
    BackupOutcome, BackupPhase, BackupProgress, BackupSettings, BackupStatus, BackupSummary,
    CredentialsFrom, KeyringState,
};
pub use cleanup::{
    DuplicateGroupDto, DuplicateMemberDto, FileOutcomeDto, GroupKindDto, GroupResolutionDto,
    KeeperRuleDto, ResolveGroupDto, TrashedDto,
};
pub use error::{CommandError, ErrorKind};
pub use events::{BackupFinished, BackupProgressed, LibraryChanged, OrganizeChanged};
pub use export::{
    ExportFailureDto, ExportFormatDto, ExportMetadataDto, ExportPresetDto, ExportProgressDto,
    ExportRequestDto, ExportSummaryDto, MAX_LISTED_FAILURES,
};
pub use find::{facets, FacetDto, FacetValueDto, PlaceCountDto, QueryProblemDto};
pub use gallery::{
    Diagnostics, FailureDto, FailureList, FailureStage, FolderDto, FolderRemoval, ImportPhase,
    MonthDto, OpenedFile, OpenedPhoto, PhotoInfo, ProgressDto, ScanSummary, Tile, TimelinePage,
};
pub use organize::{
    AlbumDto, AlbumKindDto, AlbumRef, AlbumSortDto, FlagDto, HistoryDto, LabelDto, MarkChangeDto,
    MarksDto, OutcomeDto, PhotoOrganization, PlaceDto, TagDto, TargetsDto, ViewDto, ViewKindDto,
};
pub use restore::{
    RestoreConflictDto, RestoreFailureDto, RestorePhaseDto, RestoreProgressDto, RestoreRequestDto,
    RestoreSummaryDto, MAX_LISTED_RESTORE_ITEMS,
};
pub use xmp::{
    CaptionChangeDto, ConflictPolicyDto, SidecarModeDto, SidecarReportDto, WriteFailureDto,
    XmpConflictDto, XmpStatusDto,
};
