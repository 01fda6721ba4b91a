// The diagram's stylesheet. Colours come from VS Code's theme variables when the SVG sits in a
// webview (light, dark and high contrast alike) and fall back to a light theme standalone.
// The SVG writer embeds it for files; the webview adopts it as a constructed stylesheet,
// because its Content Security Policy admits no inline <style>.

export const DIAGRAM_STYLE = `
.tm-dfd {
  --tm-fg: var(--vscode-editor-foreground, #1f2328);
  --tm-bg: var(--vscode-editor-background, #ffffff);
  --tm-muted: var(--vscode-descriptionForeground, #59636e);
  --tm-node-fill: var(--vscode-editorWidget-background, #f6f8fa);
  --tm-node-stroke: var(--vscode-contrastBorder, var(--tm-fg));
  --tm-boundary: var(--vscode-charts-purple, #8250df);
  --tm-crossing: var(--vscode-charts-orange, #bc4c00);
  --tm-fix-now: var(--vscode-charts-red, #cf222e);
  --tm-fix-soon: var(--vscode-charts-yellow, #9a6700);
  --tm-watch: var(--vscode-charts-blue, #0969da);
  --tm-unscored: var(--vscode-disabledForeground, #818b98);
  --tm-uncovered: var(--vscode-editorWarning-foreground, #9a6700);
  --tm-selected: var(--vscode-focusBorder, #0969da);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: 12px;
}
.tm-dfd text { fill: var(--tm-fg); }
.tm-background { fill: var(--tm-bg); }
.tm-shape { fill: var(--tm-node-fill); stroke: var(--tm-node-stroke); stroke-width: 1.5; }
path.tm-shape { fill: none; stroke-width: 2; }
.tm-hit { fill: var(--tm-node-fill); stroke: none; }
.tm-boundary-outline { fill: none; stroke: var(--tm-boundary); stroke-width: 1.5; }
.tm-dfd text.tm-boundary-label { fill: var(--tm-boundary); font-weight: 600; }
.tm-flow-line { fill: none; stroke: var(--tm-muted); stroke-width: 1.5; }
.tm-out-of-scope { opacity: .4; }
.tm-out-of-scope .tm-shape, .tm-out-of-scope .tm-boundary-outline, .tm-out-of-scope .tm-flow-line { stroke-dasharray: 3 3; }
.tm-arrowhead { fill: var(--tm-muted); }
.tm-crossing .tm-flow-line { stroke: var(--tm-crossing); stroke-width: 2.5; }
.tm-arrowhead-crossing { fill: var(--tm-crossing); }
.tm-label-bg { fill: var(--tm-bg); opacity: 0.9; }
.tm-dfd text.tm-protocol { fill: var(--tm-muted); }
.tm-dfd text.tm-uncovered, .tm-dfd tspan.tm-uncovered { fill: var(--tm-uncovered); font-weight: 600; }
.tm-marker circle { stroke: var(--tm-bg); stroke-width: 1.5; }
.tm-dfd .tm-marker text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.tm-bucket-fix-now circle { fill: var(--tm-fix-now); }
.tm-bucket-fix-soon circle { fill: var(--tm-fix-soon); }
.tm-bucket-watch circle { fill: var(--tm-watch); }
.tm-bucket-unscored circle { fill: var(--tm-unscored); }
.tm-hide-markers .tm-marker { display: none; }
.tm-hide-labels .tm-flow-label { display: none; }
[data-id] { cursor: pointer; }
.tm-selected .tm-shape, .tm-selected .tm-boundary-outline { stroke: var(--tm-selected); stroke-width: 3; }
.tm-selected .tm-flow-line { stroke: var(--tm-selected); stroke-width: 3; }
`;
