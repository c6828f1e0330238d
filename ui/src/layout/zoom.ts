// Owns the viewer's zoom and pan maths: fit scale (never above 100 %), zooming around a point, clamped panning,
// which source a zoom needs (a variant or the full-size original) and the data-zoom label (pure, no DOM).

/** Largest variant the protocol serves; beyond it the viewer loads the original at full size. */
export const LARGEST_VARIANT = 2560;
/** Deepest zoom, in image pixels per device pixel. */
export const MAX_ZOOM = 16;

/** The image placed in the stage: `zoom` image px per device px, top-left at (x, y) CSS px. */
export interface ZoomState {
  zoom: number;
  x: number;
  y: number;
  /** True while the image fits the stage (follows window resizes). */
  fit: boolean;
}

/** Size of the stage and of the photo (its real pixel size, as displayed), and the device pixel ratio. */
export interface Frame {
  boxW: number;
  boxH: number;
  natW: number;
  natH: number;
  dpr: number;
}

/** Zoom that shows the whole photo, never enlarging past 100 % (small photos stay small). */
export function fitZoom(f: Frame): number {
  if (!(f.natW > 0) || !(f.natH > 0) || !(f.boxW > 0) || !(f.boxH > 0)) return 1;
  return Math.min(1, (f.boxW * f.dpr) / f.natW, (f.boxH * f.dpr) / f.natH);
}

/** Displayed size in CSS px at `zoom`. */
export function displaySize(f: Frame, zoom: number): { w: number; h: number } {
  return { w: (f.natW * zoom) / f.dpr, h: (f.natH * zoom) / f.dpr };
}

/** Keeps the image centred on an axis where it is smaller than the stage, else covering the stage edge to edge. */
export function clampPan(f: Frame, s: ZoomState): ZoomState {
  const { w, h } = displaySize(f, s.zoom);
  const axis = (pos: number, size: number, box: number): number =>
    size <= box ? (box - size) / 2 : Math.min(0, Math.max(box - size, pos));
  return { ...s, x: axis(s.x, w, f.boxW), y: axis(s.y, h, f.boxH) };
}

/** The fitted, centred state. */
export function fitState(f: Frame): ZoomState {
  return clampPan(f, { zoom: fitZoom(f), x: 0, y: 0, fit: true });
}

/** Zooms to `zoom` (clamped to fit..MAX_ZOOM) keeping the image point under (px, py) where it is. */
export function zoomAround(f: Frame, s: ZoomState, zoom: number, px: number, py: number): ZoomState {
  const min = fitZoom(f);
  const z = Math.min(MAX_ZOOM, Math.max(min, zoom));
  if (z <= min + 1e-9) return fitState(f);
  const k = z / s.zoom;
  return clampPan(f, { zoom: z, x: px - (px - s.x) * k, y: py - (py - s.y) * k, fit: false });
}

/** Zoom factor of one wheel event: smooth for trackpads and pinches (ctrl+wheel), ~1.25x per mouse notch. */
export function wheelFactor(deltaY: number, deltaMode: number, pinch: boolean): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const clamped = Math.max(-200, Math.min(200, px));
  return Math.exp(-clamped * (pinch ? 0.01 : 0.0022));
}

/** `z`: fit <-> 100 % (around the stage centre, or the pointer when given). */
export function toggleZoom(f: Frame, s: ZoomState, px = f.boxW / 2, py = f.boxH / 2): ZoomState {
  return s.fit || Math.abs(s.zoom - fitZoom(f)) < 1e-6 ? zoomAround(f, s, 1, px, py) : fitState(f);
}

/** What `#viewer` carries as data-zoom: "fit", else the percentage ("100", "250"). */
export function zoomLabel(s: ZoomState): string {
  return s.fit ? 'fit' : String(Math.round(s.zoom * 100));
}

/**
 * The source a zoom needs: the window's large variant (`large`) while it has enough pixels, the largest variant
 * next, and the original decoded at full size ('full') once even that is too small (photos larger than it only).
 */
export function sourceFor(f: Frame, zoom: number, large: number): number | 'full' {
  const natLong = Math.max(f.natW, f.natH);
  const needed = natLong * zoom;
  if (needed <= Math.min(large, natLong) + 1) return large;
  if (natLong <= LARGEST_VARIANT || needed <= LARGEST_VARIANT) return LARGEST_VARIANT;
  return 'full';
}
