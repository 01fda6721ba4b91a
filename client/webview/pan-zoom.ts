// Pan and zoom by moving the SVG's viewBox: drag the background to pan, wheel to zoom around
// the pointer, fit to show the whole diagram.

interface View {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
const FIT_MARGIN = 16;
/** A pointer that moved less than this between press and release clicked. */
const CLICK_TOLERANCE_PX = 4;

export class PanZoom {
  private svg: SVGSVGElement | undefined;
  private view: View = { x: 0, y: 0, width: 1, height: 1 };
  private content = { width: 1, height: 1 };
  private drag: { x: number; y: number; view: View; moved: boolean } | undefined;
  /** Until the user pans or zooms, every redraw fits the whole diagram. */
  private fitted = true;
  /** Set when the last press turned into a drag, so its click does not select. */
  dragged = false;

  constructor(private readonly canvas: HTMLElement) {
    canvas.addEventListener('wheel', event => this.onWheel(event), { passive: false });
    canvas.addEventListener('pointerdown', event => this.onPointerDown(event));
    canvas.addEventListener('pointermove', event => this.onPointerMove(event));
    canvas.addEventListener('pointerup', () => this.onPointerUp());
    canvas.addEventListener('pointercancel', () => this.onPointerUp());
    new ResizeObserver(() => this.apply()).observe(canvas);
  }

  /** Takes over a freshly drawn SVG; keeps a view the user chose, otherwise fits. */
  attach(svg: SVGSVGElement, width: number, height: number, fit: boolean): void {
    this.svg = svg;
    this.content = { width, height };
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    if (fit || this.fitted) this.fit();
    else this.apply();
  }

  fit(): void {
    this.fitted = true;
    this.view = {
      x: -FIT_MARGIN,
      y: -FIT_MARGIN,
      width: this.content.width + 2 * FIT_MARGIN,
      height: this.content.height + 2 * FIT_MARGIN,
    };
    this.apply();
  }

  zoom(factor: number, center = { x: this.view.x + this.view.width / 2, y: this.view.y + this.view.height / 2 }): void {
    const scale = this.content.width / (this.view.width / factor);
    if (scale < MIN_SCALE || scale > MAX_SCALE) return;
    this.fitted = false;
    this.view = {
      x: center.x - (center.x - this.view.x) / factor,
      y: center.y - (center.y - this.view.y) / factor,
      width: this.view.width / factor,
      height: this.view.height / factor,
    };
    this.apply();
  }

  /** Brings a box of the diagram into view, centred, when it is not fully visible. */
  reveal(box: { x: number; y: number; width: number; height: number }): void {
    const visible = box.x >= this.view.x && box.y >= this.view.y
      && box.x + box.width <= this.view.x + this.view.width && box.y + box.height <= this.view.y + this.view.height;
    if (visible) return;
    this.fitted = false;
    this.view = { ...this.view, x: box.x + box.width / 2 - this.view.width / 2, y: box.y + box.height / 2 - this.view.height / 2 };
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
    this.fitted = false;
    this.view = { ...drag.view, x: drag.view.x - dx / matrix.a, y: drag.view.y - dy / matrix.d };
    this.apply();
  }

  private onPointerUp(): void {
    this.dragged = this.drag?.moved ?? false;
    this.drag = undefined;
  }
}
