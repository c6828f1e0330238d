// Owns the data shapes exchanged with the Rust backend (mirrors src-tauri/src/dto.rs); no logic.

/** Photos per calendar month, newest first. */
export interface MonthCount {
  /** "YYYY-MM" */
  month: string;
  count: number;
}

/** One photo as the grid needs it. */
export interface Tile {
  id: number;
  /** As displayed (orientation already applied). */
  width: number;
  height: number;
  /** "YYYY-MM-DDTHH:MM:SS", wall clock. */
  takenAt: string;
  /** "#rrggbb" dominant colour, or null before the thumbnail was made. */
  color: string | null;
  /** Base64 thumbhash, or null. */
  thumbhash: string | null;
  /** Bumps when the file changed; appended as ?v=rev to image URLs. */
  rev: number;
}

export interface TimelinePage {
  photos: Tile[];
  next: string | null;
}

export interface PageRequest {
  folderId: number | null;
  cursor: string | null;
  fromMonth: string | null;
  limit: number;
}

export interface PhotoInfo {
  id: number;
  path: string;
  takenAt: string;
  takenAtOffset: string | null;
  takenAtSource: 'exif' | 'file';
  width: number;
  height: number;
  orientation: number;
  format: string;
  size: number;
  make: string | null;
  model: string | null;
  lens: string | null;
  focalLength: number | null;
  aperture: number | null;
  exposureTime: number | null;
  iso: number | null;
  gpsLat: number | null;
  gpsLon: number | null;
}

export interface Folder {
  id: number;
  path: string;
  name: string;
  parentId: number | null;
  /** Photos directly in this folder (not in sub-folders). */
  count: number;
}

export interface Progress {
  phase: 'scan' | 'thumbs';
  done: number;
  total: number | null;
}

export interface ScanSummary {
  seen: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
}

export interface Diagnostics {
  photos: number;
  folders: number;
  failed: number;
  hashed: number;
  queueDepth: number;
  generated: number;
  thumbsPerSec: number;
  memCacheBytes: number;
  memCacheEntries: number;
  memHitRate: number;
  serveP50Us: number;
  serveP99Us: number;
  watching: string;
}

/** The backup remote as saved, and what goes with it. Credentials are never sent, only whether they were found. */
export interface BackupSettings {
  /** "s3://bucket[/prefix]", or null before one was saved. */
  url: string | null;
  endpoint: string | null;
  region: string | null;
  includeVariants: boolean;
  /** AWS keys found in the environment or the AWS profile files. */
  credentialsFound: boolean;
  running: boolean;
  /** The running backup's latest progress (null when idle). */
  progress: BackupProgress | null;
  /** How the last backup since launch ended. */
  last: BackupOutcome | null;
}

/** What the settings pane saves; empty endpoint/region mean none. */
export interface BackupRemote {
  url: string;
  endpoint: string;
  region: string;
  includeVariants: boolean;
}

export type BackupPhase = 'hash' | 'plan' | 'upload' | 'manifest' | 'prune';

/** A `backup-progress` event (at most ~10 a second). */
export interface BackupProgress {
  phase: BackupPhase;
  objectsDone: number;
  objectsTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface BackupSummary {
  uploaded: number;
  skipped: number;
  failed: number;
  adopted: number;
  bytesUploaded: number;
  elapsedMs: number;
  manifestUploaded: boolean;
  /** [object key, reason], the first few. */
  failures: [string, string][];
}

/** The `backup-finished` event: a summary when done, an error when failed. */
export interface BackupOutcome {
  status: 'done' | 'cancelled' | 'failed';
  error: string | null;
  summary: BackupSummary | null;
}

/** Long-edge sizes the thumb:// protocol serves. */
export type ThumbSize = 256 | 512 | 1024 | 1920 | 2560;

/** Everything the UI needs from a backend; implemented over Tauri in api.ts and in-memory in fake_backend.ts. */
export interface Backend {
  timelineMonths(folderId: number | null): Promise<MonthCount[]>;
  timelinePage(req: PageRequest): Promise<TimelinePage>;
  photoInfo(id: number): Promise<PhotoInfo>;
  folders(): Promise<Folder[]>;
  importPaths(paths: string[], onProgress: (p: Progress) => void): Promise<ScanSummary>;
  picturesDir(): Promise<string | null>;
  setViewport(visible: number[], near: number[]): Promise<void>;
  diagnostics(): Promise<Diagnostics>;
  onLibraryChanged(cb: () => void): Promise<() => void>;
  /** Files/folders dropped on the window; `hover` reports a drag entering (true) or leaving (false). */
  onDrop(cb: (paths: string[]) => void, hover: (over: boolean) => void): Promise<() => void>;
  pickFolders(): Promise<string[]>;
  backupSettings(): Promise<BackupSettings>;
  /** Validates and saves; rejects with the reason when the remote is invalid. */
  saveBackupSettings(remote: BackupRemote): Promise<BackupSettings>;
  /** Starts a backup to the saved remote; rejects when one is running or none is saved. */
  startBackup(): Promise<void>;
  /** True when a running backup was asked to stop. */
  cancelBackup(): Promise<boolean>;
  onBackupProgress(cb: (p: BackupProgress) => void): Promise<() => void>;
  onBackupFinished(cb: (o: BackupOutcome) => void): Promise<() => void>;
  thumbUrl(id: number, size: ThumbSize, rev: number): string;
}
