// Owns the data shapes the UI uses: the backend's, re-exported from the generated bindings.ts (never written by
// hand), the UI's own requests, and the Backend interface that api.ts and the fake backends implement; no logic.

import type {
  AlbumDto,
  AlbumKindDto,
  AlbumSortDto,
  BackupOutcome,
  BackupProgress,
  BackupSettings,
  Diagnostics,
  FacetDto,
  FacetValueDto,
  FailureDto,
  FailureList,
  FlagDto,
  FolderDto,
  FolderRemoval,
  HistoryDto,
  LabelDto,
  MarkChangeDto,
  MarksDto,
  MonthDto,
  OutcomeDto,
  PhotoInfo,
  PhotoOrganization,
  PlaceCountDto,
  PlaceDto,
  ProgressDto,
  QueryProblemDto,
  ScanSummary,
  TagDto,
  TargetsDto,
  TimelinePage,
  ViewDto,
  OpenedFile,
  ExportFormatDto,
  ExportMetadataDto,
  ExportPresetDto,
  ExportProgressDto,
  ExportRequestDto,
  ExportSummaryDto,
  RestorePhaseDto,
  RestoreProgressDto,
  RestoreRequestDto,
  RestoreSummaryDto,
  CaptionChangeDto,
  ConflictPolicyDto,
  SidecarModeDto,
  SidecarReportDto,
  XmpConflictDto,
  XmpStatusDto,
  DuplicateGroupDto,
  DuplicateMemberDto,
  FileOutcomeDto,
  GroupKindDto,
  GroupResolutionDto,
  KeeperRuleDto,
  ResolveGroupDto,
  TrashedDto,
} from './bindings';

export type {
  ExportFailureDto as ExportFailure,
  BackupOutcome,
  BackupPhase,
  BackupProgress,
  BackupSettings,
  BackupStatus,
  BackupSummary,
  CommandError,
  CredentialsFrom,
  KeyringState,
  Diagnostics,
  ErrorKind,
  FailureList,
  FailureStage,
  FolderRemoval,
  ImportPhase,
  OpenedFile,
  OpenedPhoto,
  PhotoInfo,
  PhotoOrganization,
  ScanSummary,
  Tile,
  TimelinePage,
} from './bindings';

/** Export: a preset (original files, web, email or custom), the copies' format and metadata, the request and its
 * summary. */
export type ExportPreset = ExportPresetDto;
export type ExportFormat = ExportFormatDto;
export type ExportMetadata = ExportMetadataDto;
export type ExportRequest = ExportRequestDto;
export type ExportProgress = ExportProgressDto;
export type ExportSummary = ExportSummaryDto;

/** Restore: where the backup is and where its photos go, progress by phase, the summary. */
export type RestorePhase = RestorePhaseDto;
export type RestoreProgress = RestoreProgressDto;
export type RestoreRequest = RestoreRequestDto;
export type RestoreSummary = RestoreSummaryDto;

/** XMP: whether sidecars are written, the conflict policy and what waits (XmpStatus), a "Write now" run's report,
 * a conflict settled by policy, and a title / description change (null: left as it is; "": cleared). */
export type SidecarMode = SidecarModeDto;
export type ConflictPolicy = ConflictPolicyDto;
export type XmpStatus = XmpStatusDto;
export type SidecarReport = SidecarReportDto;
export type XmpConflict = XmpConflictDto;
export type CaptionChange = CaptionChangeDto;

/** Clean up: a duplicate group (exact, copies, or similar photos of a burst) with its suggested keeper and why,
 * what the review screen compares of a member, a keeper rule, a group to resolve and what resolving came to, one
 * file's trip to or from the system trash, and an entry of "Recently deleted". */
export type GroupKind = GroupKindDto;
export type DuplicateGroup = DuplicateGroupDto;
export type DuplicateMember = DuplicateMemberDto;
export type KeeperRule = KeeperRuleDto;
export type ResolveGroup = ResolveGroupDto;
export type GroupResolution = GroupResolutionDto;
export type FileOutcome = FileOutcomeDto;
export type Trashed = TrashedDto;

/** Photos per calendar month, newest first. */
export type MonthCount = MonthDto;
/** A folder of the sidebar tree. */
export type Folder = FolderDto;
/** A file that could not be indexed (stage scan) or a photo whose thumbnails failed (stage decode). */
export type Failure = FailureDto;
/** Progress of an import (streamed over a Channel). */
export type Progress = ProgressDto;

/** A photo's marks (Lightroom's): favourite, 0-5 stars, pick/reject flag, colour label; independent of each other. */
export type Marks = MarksDto;
export type Flag = FlagDto;
export type Label = LabelDto;
/** What a mark action sets (null: left as it is). */
export type MarkChange = MarkChangeDto;
/** Which photos a timeline shows: everything, a folder's subtree, an album, a tag (with its sub-tags), or a mark. */
export type View = ViewDto;
/**
 * The photos an action applies to: explicit ids, plus index ranges [start, end) of a view's order (resolved by the
 * backend when the action runs, so a Shift range or Ctrl+A over photos never loaded costs no id transfer).
 */
export type Targets = TargetsDto;
/** What a write did: how many photos changed, its undo step, and its label ("Rate 4 stars (12 photos)"). */
export type Outcome = OutcomeDto;
export type AlbumKind = AlbumKindDto;
export type AlbumSort = AlbumSortDto;
/**
 * An album, an album folder (which holds albums, not photos) or a smart album (a saved query: `query`, a live count,
 * never a drop target); count and cover (chosen, else the first photo).
 */
export type Album = AlbumDto;
/** A tag of the tree; `path` is "Places/France/Paris"; count includes its descendants' photos. */
export type Tag = TagDto;
/** Where reordered photos go in an album's manual order. */
export type Place = PlaceDto;
/** The undo history: `rev` changes on every organize change from any process; the labels of the next steps. */
export type HistoryState = HistoryDto;

/** A query the engine refuses: what is wrong, and where ([start, end) in UTF-16 units of the text). */
export type QueryProblem = QueryProblemDto;
/** One choice of a facet: its label, the query token that selects it, its count under the filter, selected or not. */
export type FacetValue = FacetValueDto;
/** A facet of the filter panel ("camera", "year", …) and its values, counted without the facet's own terms. */
export type Facet = FacetDto;
/** Photos per place (the sidebar folds them country → city). */
export type PlaceCount = PlaceCountDto;

/** The month-table key of a manual-order album: one section, no dates. */
export const MANUAL = 'manual';

/** One timeline page request: after `cursor`, or from the start of `fromMonth`. */
export interface PageRequest {
  view: View;
  cursor: string | null;
  fromMonth: string | null;
  limit: number;
}

/** What the settings pane saves; empty endpoint/region mean none. */
export interface BackupRemote {
  url: string;
  endpoint: string;
  region: string;
  includeVariants: boolean;
}

/** Long-edge sizes the thumb:// protocol serves. */
export type ThumbSize = 256 | 512 | 1024 | 1920 | 2560;

/** Everything the UI needs from a backend; implemented over Tauri in api.ts and in-memory in fake_backend.ts. */
export interface Backend {
  /** The view's months, newest first, then "undated"; a manual-order album answers one entry, month "manual". */
  timelineMonths(view: View): Promise<MonthCount[]>;
  timelinePage(req: PageRequest): Promise<TimelinePage>;
  photoInfo(id: number): Promise<PhotoInfo>;
  folders(): Promise<Folder[]>;
  importPaths(paths: string[], onProgress: (p: Progress) => void): Promise<ScanSummary>;
  picturesDir(): Promise<string | null>;
  /** The photos the app was started with ("Open with Shoebox"), each with the library's photo or the folder to add. */
  openedFiles(): Promise<OpenedFile[]>;
  setViewport(visible: number[], near: number[]): Promise<void>;
  diagnostics(): Promise<Diagnostics>;
  onLibraryChanged(cb: () => void): Promise<() => void>;
  /** Files/folders dropped on the window; `hover` reports a drag entering (true) or leaving (false). */
  onDrop(cb: (paths: string[]) => void, hover: (over: boolean) => void): Promise<() => void>;
  pickFolders(): Promise<string[]>;
  /** Native "choose a folder" dialog for a destination; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Exports the targets as the request says; a photo that fails is listed in the summary and the rest go on.
   * Rejects (invalidInput) for what stops every file (the destination, the template), busy while one runs. */
  exportPhotos(targets: Targets, request: ExportRequest, onProgress: (p: ExportProgress) => void): Promise<ExportSummary>;
  /** Stops the running export after the files in progress; false when none runs. */
  cancelExport(): Promise<boolean>;
  /** Restores a backup into this library and `dest`; failed files are listed and the rest is kept. Rejects with the
   * reason (invalidInput, remote) when nothing can be restored, busy while one runs, cancelled when stopped. */
  restoreBackup(request: RestoreRequest, onProgress: (p: RestoreProgress) => void): Promise<RestoreSummary>;
  /** Stops the running restore between files; false when none runs. */
  cancelRestore(): Promise<boolean>;
  backupSettings(): Promise<BackupSettings>;
  /** Validates and saves; rejects (a BackendError, kind invalidInput) with the reason when the remote is invalid. */
  saveBackupSettings(remote: BackupRemote): Promise<BackupSettings>;
  /** Starts a backup to the saved remote; rejects with kind busy when one is running, invalidInput when none is saved. */
  startBackup(): Promise<void>;
  /** True when a running backup was asked to stop. */
  cancelBackup(): Promise<boolean>;
  onBackupProgress(cb: (p: BackupProgress) => void): Promise<() => void>;
  onBackupFinished(cb: (o: BackupOutcome) => void): Promise<() => void>;
  /** Stores an access key id + secret in the system keyring (rejects with kind io when it is not available). */
  saveBackupKeys(accessKeyId: string, secretAccessKey: string): Promise<BackupSettings>;
  /** Forgets the keys stored in the system keyring. */
  forgetBackupKeys(): Promise<BackupSettings>;
  /** Checks the remote as typed: valid, and the bucket answers with the keys within a few seconds; stores nothing. */
  checkBackupRemote(remote: BackupRemote): Promise<void>;
  /** Opens the system file manager on the photo's file. */
  revealPhoto(id: number): Promise<void>;
  /** Every recorded scan and decode failure (the first few hundred) and how many there are. */
  failures(): Promise<FailureList>;
  /** "Show in folder" for a path the library knows as a failure or a photo (refused otherwise). */
  revealPath(path: string): Promise<void>;
  /** Takes a root folder out of the library (its files stay on disk); a folder inside one is refused (invalidInput). */
  removeFolder(folderId: number): Promise<FolderRemoval>;
  /** Rescans one folder and its sub-folders (the folder's context menu). */
  rescanFolder(folderId: number, onProgress: (p: Progress) => void): Promise<ScanSummary>;
  mark(targets: Targets, change: MarkChange): Promise<Outcome>;
  /** Sets or clears photos' title and / or description (one undo step; a title with a line break is refused). */
  caption(targets: Targets, change: CaptionChange): Promise<Outcome>;
  xmpStatus(): Promise<XmpStatus>;
  /** Stores the sidecar setting and / or the conflict policy (null: kept); the new state. */
  setXmpSettings(sidecars: SidecarMode | null, conflicts: ConflictPolicy | null): Promise<XmpStatus>;
  /** Writes the pending sidecars now (whatever the setting says). */
  writeSidecars(): Promise<SidecarReport>;
  /** The conflicts settled by policy, newest first. */
  xmpConflicts(limit: number): Promise<XmpConflict[]>;
  /** Every group to review (of one kind, or all), each with its suggested keeper and why. */
  duplicateGroups(kind: GroupKind | null): Promise<DuplicateGroup[]>;
  /** What the review screen compares of these photos, in the order asked. */
  duplicateMembers(ids: number[]): Promise<DuplicateMember[]>;
  keeperRules(): Promise<KeeperRule[]>;
  /** Reorders the keeper rules; the order now stored. */
  setKeeperRules(rules: KeeperRule[]): Promise<KeeperRule[]>;
  /** Remembers that these photos are not duplicates of each other. */
  notDuplicates(ids: number[]): Promise<number>;
  /** Resolves each group: the others' albums, tags and marks merged into the kept photo, the others to the system
   * trash; a group that cannot be resolved says why and the others go on. */
  resolveDuplicates(groups: ResolveGroup[]): Promise<GroupResolution[]>;
  /** Moves photos (with their XMP sidecars) to the system trash, each reported; nothing is ever deleted. */
  trashPhotos(targets: Targets): Promise<FileOutcome[]>;
  /** What Shoebox moved to the system trash and has not put back, newest first. */
  trashedPhotos(): Promise<Trashed[]>;
  /** Moves photos back from the trash with their marks, tags and albums. */
  putBackPhotos(ids: number[]): Promise<FileOutcome[]>;
  albums(): Promise<Album[]>;
  createAlbum(name: string, parentId: number | null, kind: AlbumKind): Promise<Album>;
  renameAlbum(id: number, name: string): Promise<Outcome>;
  moveAlbum(id: number, parentId: number | null): Promise<Outcome>;
  deleteAlbum(id: number): Promise<Outcome>;
  addToAlbum(album: number, targets: Targets): Promise<Outcome>;
  removeFromAlbum(album: number, targets: Targets): Promise<Outcome>;
  reorderAlbum(album: number, targets: Targets, place: Place): Promise<Outcome>;
  setAlbumCover(album: number, photo: number | null): Promise<Outcome>;
  setAlbumSort(album: number, sort: AlbumSort): Promise<Outcome>;
  tags(): Promise<Tag[]>;
  suggestTags(prefix: string, limit: number): Promise<Tag[]>;
  tagPhotos(path: string, targets: Targets): Promise<Outcome>;
  untagPhotos(path: string, targets: Targets): Promise<Outcome>;
  renameTag(from: string, to: string): Promise<Outcome>;
  deleteTag(path: string): Promise<Outcome>;
  photoOrganization(id: number): Promise<PhotoOrganization>;
  /** Undoes the last step (null: nothing to undo). */
  undo(): Promise<Outcome | null>;
  redo(): Promise<Outcome | null>;
  historyState(): Promise<HistoryState>;
  /** Marks, albums, tags or the history changed (in this app or from the CLI). */
  onOrganizeChanged(cb: (h: HistoryState) => void): Promise<() => void>;
  /** What is wrong with a query (null: it parses). */
  checkQuery(query: string): Promise<QueryProblem | null>;
  /** Every facet with its values' counts under the view (and its query). */
  facets(view: View): Promise<Facet[]>;
  /** Photos per place under the view. */
  places(view: View): Promise<PlaceCount[]>;
  /** A smart album: a saved query, live as photos arrive (refused with the query's problem). */
  createSmartAlbum(name: string, parentId: number | null, query: string): Promise<Album>;
  /** A smart album's query, re-saved (one undo step). */
  setAlbumQuery(id: number, query: string): Promise<Outcome>;
  thumbUrl(id: number, size: ThumbSize, rev: number): string;
  /** The original decoded at its own size (deep zoom). */
  fullUrl(id: number, rev: number): string;
}
