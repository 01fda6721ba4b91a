// The diagram's stylesheet, in two versions from one set of rules. In the webview, colours come
// from VS Code's theme variables (light, dark and high contrast alike), adopted as a
// constructed stylesheet because the webview's Content Security Policy admits no inline
// <style>. In a file (`tm dfd`, reports, exports) every colour is written out: renderers that do
// not implement CSS custom properties (librsvg, behind many converters) drew the themed version
// black.

/** Each colour of the picture: what it follows in the webview (VS Code's theme variables), and its value in a file. */
const PALETTE = {
  fg: ['var(--vscode-editor-foreground, #1f2328)', '#1f2328'],
  bg: ['var(--vscode-editor-background, #ffffff)', '#ffffff'],
  muted: ['var(--vscode-descriptionForeground, #59636e)', '#59636e'],
  'node-fill': ['var(--vscode-editorWidget-background, #f6f8fa)', '#f6f8fa'],
  'node-stroke': ['var(--vscode-contrastBorder, var(--vscode-editor-foreground, #1f2328))', '#1f2328'],
  boundary: ['var(--vscode-charts-purple, #8250df)', '#8250df'],
  crossing: ['var(--vscode-charts-orange, #bc4c00)', '#bc4c00'],
  'fix-now': ['var(--vscode-charts-red, #cf222e)', '#cf222e'],
  'fix-soon': ['var(--vscode-charts-yellow, #9a6700)', '#9a6700'],
  watch: ['var(--vscode-charts-blue, #0969da)', '#0969da'],
  unscored: ['var(--vscode-disabledForeground, #818b98)', '#818b98'],
  uncovered: ['var(--vscode-editorWarning-foreground, #9a6700)', '#9a6700'],
  selected: ['var(--vscode-focusBorder, #0969da)', '#0969da'],
} as const;

type Colour = keyof typeof PALETTE;

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

function stylesheet(colour: (name: Colour) => string, fontFamily: string): string {
  return `
.tm-dfd {
  font-family: ${fontFamily};
  font-size: 12px;
}
.tm-dfd text { fill: ${colour('fg')}; }
.tm-background { fill: ${colour('bg')}; }
.tm-shape { fill: ${colour('node-fill')}; stroke: ${colour('node-stroke')}; stroke-width: 1.5; }
path.tm-shape { fill: none; stroke-width: 2; }
.tm-hit { fill: ${colour('node-fill')}; stroke: none; }
.tm-boundary-outline { fill: none; stroke: ${colour('boundary')}; stroke-width: 1.5; }
.tm-dfd text.tm-boundary-label { fill: ${colour('boundary')}; font-weight: 600; }
.tm-flow-line { fill: none; stroke: ${colour('muted')}; stroke-width: 1.5; }
.tm-arrowhead { fill: ${colour('muted')}; }
.tm-crossing .tm-flow-line { stroke: ${colour('crossing')}; stroke-width: 2.5; }
.tm-arrowhead-crossing { fill: ${colour('crossing')}; }
.tm-label-bg { fill: ${colour('bg')}; opacity: 0.9; }
.tm-dfd text.tm-protocol { fill: ${colour('muted')}; }
.tm-dfd text.tm-uncovered, .tm-dfd tspan.tm-uncovered { fill: ${colour('uncovered')}; font-weight: 600; }
.tm-marker circle { stroke: ${colour('bg')}; stroke-width: 1.5; }
.tm-out-of-scope { opacity: .4; }
.tm-out-of-scope .tm-shape, .tm-out-of-scope .tm-boundary-outline, .tm-out-of-scope .tm-flow-line { stroke-dasharray: 3 3; }
.tm-imported .tm-shape, .tm-imported .tm-flow-line { stroke-dasharray: 6 3; }
.tm-dfd .tm-imported-from { fill: ${colour('muted')}; font-size: 10px; font-style: italic; font-weight: normal; }
.tm-dfd .tm-marker text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.tm-bucket-fix-now circle { fill: ${colour('fix-now')}; }
.tm-bucket-fix-soon circle { fill: ${colour('fix-soon')}; }
.tm-bucket-watch circle { fill: ${colour('watch')}; }
.tm-bucket-unscored circle { fill: ${colour('unscored')}; }
.tm-hide-markers .tm-marker { display: none; }
.tm-hide-labels .tm-flow-label { display: none; }
[data-id] { cursor: pointer; }
.tm-selected .tm-shape, .tm-selected .tm-boundary-outline { stroke: ${colour('selected')}; stroke-width: 3; }
.tm-selected .tm-flow-line { stroke: ${colour('selected')}; stroke-width: 3; }
`;
}

/** For the webview: follows the VS Code theme, with the file's colours where a variable is missing. */
export const DIAGRAM_STYLE = stylesheet(
  name => PALETTE[name][0],
  `var(--vscode-font-family, ${FONT_FAMILY})`,
);

/** For files: every colour written out, no custom property, no var(). */
export const STANDALONE_STYLE = stylesheet(name => PALETTE[name][1], FONT_FAMILY);
