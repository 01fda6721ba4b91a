// Where the preview looks when it opens a model. "Fit everything" makes a 50-element diagram a
// picture of unreadable specks, so the preview fits only while the fitted text stays readable;
// otherwise it shows the diagram at its natural size around the element under the editor's
// cursor (or from the top left when there is none), and the user pans from there or presses
// Fit. Pure: the page passes the sizes in.
import { FONT_SIZE } from '../../server/diagram/metrics.js';
import type { Box } from '../../server/diagram/types.js';

/** Readable: labels at least this tall on screen, in CSS pixels. */
export const READABLE_TEXT_PX = 11;
/** The smallest scale at which the diagram's text is readable. */
export const READABLE_SCALE = READABLE_TEXT_PX / FONT_SIZE;
/** The scale a diagram too big to fit readably is shown at: its text at its own size. */
export const NATURAL_SCALE = 1;
/** Room around the diagram when it is fitted. */
export const FIT_MARGIN = 16;

export interface Size {
  width: number;
  height: number;
}

/** The part of the diagram shown, in diagram units; the screen shows it scaled to fit. */
export type View = Box;

/** The whole diagram with a margin. */
export function fitView(content: Size): View {
  return { x: -FIT_MARGIN, y: -FIT_MARGIN, width: content.width + 2 * FIT_MARGIN, height: content.height + 2 * FIT_MARGIN };
}

/** How large the diagram's units are on screen for a view (the SVG keeps its aspect ratio: `meet`). */
export function scaleOf(view: View, screen: Size): number {
  return Math.min(screen.width / view.width, screen.height / view.height);
}

/**
 * The view a model opens at: the whole diagram when its text is readable that way, else the
 * diagram at its natural size centred on `around` (the element under the cursor), or its top
 * left corner; never scrolled past its edges further than the fit's margin.
 */
export function openingView(content: Size, screen: Size, around?: Box): View {
  const fitted = fitView(content);
  if (screen.width <= 0 || screen.height <= 0 || scaleOf(fitted, screen) >= READABLE_SCALE) return fitted;
  const width = screen.width / NATURAL_SCALE;
  const height = screen.height / NATURAL_SCALE;
  const centre = around ? { x: around.x + around.width / 2, y: around.y + around.height / 2 } : undefined;
  return {
    x: placeAlong(content.width, width, centre?.x),
    y: placeAlong(content.height, height, centre?.y),
    width,
    height,
  };
}

/** The view's start along one axis: centred on `centre` if given, else at the start, kept within the diagram. */
function placeAlong(content: number, visible: number, centre: number | undefined): number {
  if (visible >= content + 2 * FIT_MARGIN) return (content - visible) / 2;
  const wanted = centre === undefined ? -FIT_MARGIN : centre - visible / 2;
  return Math.min(Math.max(wanted, -FIT_MARGIN), content + FIT_MARGIN - visible);
}
