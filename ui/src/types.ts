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
  thumbUrl(id: number, size: ThumbSize, rev: number): string;
}
