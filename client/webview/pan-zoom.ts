// Pan and zoom by moving the SVG's viewBox: drag the background to pan, wheel to zoom around
// the pointer, fit to show the whole diagram. Until the user pans or zooms, the view is the
// opening one (viewport.ts): the whole diagram when that is readable, else a readable part.
import type { Box } from '../../server/diagram/types.js';
import type { View } from './viewport.js';
import { fitView, NATURAL_SCALE, openingView, READABLE_SCALE, scaleOf } from './viewport.js';

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
/** A pointer that moved less than this between press and release clicked. */
const CLICK_TOLERANCE_PX = 4;

/**
 * Who chose the view: the preview (the opening view, kept on every redraw), the Fit button
 * (every redraw fits), or the user, by panning or zooming (the view stays).
 */
type Mode = 'opening' | 'fit' | 'user';

export class PanZoom {
  private svg: SVGSVGElement | undefined;
  private view: View = { x: 0, y: 0, width: 1, height: 1 };
  private content = { width: 1, height: 1 };
  private drag: { x: number; y: number; view: View; moved: boolean } | undefined;
  private mode: Mode = 'opening';
  /** What the opening view is centred on: the element under the editor's cursor. */
  private around: Box | undefined;
  /** Set when the last press turned into a drag, so its click does not select. */
  dragged = false;

  constructor(private readonly canvas: HTMLElement) {
    canvas.addEventListener('wheel', event => this.onWheel(event), { passive: false });
    canvas.addEventListener('pointerdown', event => this.onPointerDown(event));
    canvas.addEventListener('pointermove', event => this.onPointerMove(event));
    canvas.addEventListener('pointerup', () => this.onPointerUp());
    canvas.addEventListener('pointercancel', () => this.onPointerUp());
    new ResizeObserver(() => this.choose()).observe(canvas);
  }

  /**
   * Takes over a freshly drawn SVG. `opening` (another model, or another part of it): the
   * opening view around `around`; otherwise the view keeps its mode.
   */
  attach(svg: SVGSVGElement, width: number, height: number, { opening, around }: { opening: boolean; around?: Box }): void {
    this.svg = svg;
    this.content = { width, height };
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    if (opening) this.mode = 'opening';
    if (this.mode === 'opening') this.around = around;
    this.choose();
  }

  /** The whole diagram, however small its text gets, on this and every later redraw until the user pans or zooms. */
  fit(): void {
    this.mode = 'fit';
    this.choose();
  }

  /** How large the diagram's units are on screen. */
  get scale(): number {
    return scaleOf(this.view, this.screen());
  }

  /** The view the mode asks for. */
  private choose(): void {
    if (this.mode === 'opening') this.view = openingView(this.content, this.screen(), this.around);
    else if (this.mode === 'fit') this.view = fitView(this.content);
    this.apply();
  }

  private screen(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  zoom(factor: number, center = { x: this.view.x + this.view.width / 2, y: this.view.y + this.view.height / 2 }): void {
    const scale = this.content.width / (this.view.width / factor);
    if (scale < MIN_SCALE || scale > MAX_SCALE) return;
    this.mode = 'user';
    this.view = {
      x: center.x - (center.x - this.view.x) / factor,
      y: center.y - (center.y - this.view.y) / factor,
      width: this.view.width / factor,
      height: this.view.height / factor,
    };
    this.apply();
  }

  /**
   * Brings a box of the diagram into view, centred, when it is not fully visible; with
   * `readable` (find), also zooms in to the natural size when the text is too small to read.
   * In the opening view, the view opens around the box instead, and keeps it on later redraws.
   */
  reveal(box: Box, { readable = false } = {}): void {
    if (this.mode === 'opening') {
      this.around = box;
      this.choose();
      return;
    }
    const visible = box.x >= this.view.x && box.y >= this.view.y
      && box.x + box.width <= this.view.x + this.view.width && box.y + box.height <= this.view.y + this.view.height;
    const tooSmall = readable && this.scale < READABLE_SCALE;
    if (visible && !tooSmall) return;
    this.mode = 'user';
    const factor = tooSmall ? NATURAL_SCALE / this.scale : 1;
    const width = this.view.width / factor;
    const height = this.view.height / factor;
    this.view = { x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height };
    this.apply();
  }

  private apply(): void {
    this.svg?.setAttribute('viewBox', `${this.view.x} ${this.view.y} ${this.view.width} ${this.view.height}`);
  }

  /** Diagram coordinates of a point on screen. */
  private toDiagram(clientX: number, clientY: number): { x: number; y: number } {
    const matrix = this.svg?.getScreenCTM();
    if (!matrix) return { x: clientX, y: clientY };
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, this.toDiagram(event.clientX, event.clientY));
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.dragged = false;
    this.drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    const matrix = this.svg?.getScreenCTM();
    if (!drag || !matrix) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK_TOLERANCE_PX) return;
    if (!drag.moved) this.canvas.setPointerCapture(event.pointerId);
    drag.moved = true;
    this.mode = 'user';
    this.view = { ...drag.view, x: drag.view.x - dx / matrix.a, y: drag.view.y - dy / matrix.d };
    this.apply();
  }

  private onPointerUp(): void {
    this.dragged = this.drag?.moved ?? false;
    this.drag = undefined;
  }
}
