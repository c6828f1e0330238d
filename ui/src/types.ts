// Owns the data shapes the UI uses: the backend's, re-exported from the generated bindings.ts (never written by
// hand), the UI's own requests, and the Backend interface that api.ts and the fake backends implement; no logic.

import type { BackupOutcome, BackupProgress, BackupSettings, Diagnostics, FailureDto, FailureList, FolderDto, FolderRemoval, MonthDto, PhotoInfo, ProgressDto, ScanSummary, TimelinePage } from './bindings';

export type {
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
  PhotoInfo,
  ScanSummary,
  Tile,
  TimelinePage,
} from './bindings';

/** Photos per calendar month, newest first. */
export type MonthCount = MonthDto;
/** A folder of the sidebar tree. */
export type Folder = FolderDto;
/** A file that could not be indexed (stage scan) or a photo whose thumbnails failed (stage decode). */
export type Failure = FailureDto;
/** Progress of an import (streamed over a Channel). */
export type Progress = ProgressDto;

/** One timeline page request: after `cursor`, or from the start of `fromMonth`. */
export interface PageRequest {
  folderId: number | null;
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
  thumbUrl(id: number, size: ThumbSize, rev: number): string;
  /** The original decoded at its own size (deep zoom). */
  fullUrl(id: number, rev: number): string;
}
