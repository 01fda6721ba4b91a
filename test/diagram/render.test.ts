// The layout and the SVG and Mermaid writers, in Node: shapes, markers, determinism, escaping.
import { describe, expect, it } from 'vitest';
import { DIAGRAM_STYLE, layoutGraph, renderMermaid, renderModelSvg, renderSvg } from '../../server/diagram/index.js';
import { boundaryLabelWidth, textWidth } from '../../server/diagram/metrics.js';
import { graphOf, hostileModel, HOSTILE_LABELS, parseModel } from './diagram-helpers.js';

const MODEL = `
model "Shop"
external Customer "Customer browser"
boundary Shop "Shop backend" {
  process Api "API server"
  store Cache { kind cache }
  boundary Data { store Orders "Orders DB" { kind database } }
}
flow Checkout: Customer -> Api "checkout request" { protocol HTTPS }
flow Save: Api -> Orders { protocol SQL }
flow Put: Api -> Cache
threat T1 "Reads another invoice" { on Api  stride I  likelihood 3  impact 3 }
threat T2 "Tampered order" { on Checkout  stride T  likelihood 1  impact 3 }
`;

describe('layoutGraph', () => {
  it('positions every node, boundary and flow, boundaries around their members', async () => {
    const layout = await layoutGraph(await graphOf(MODEL));
    expect(Object.keys(layout.nodes).sort()).toEqual(['Api', 'Cache', 'Customer', 'Orders']);
    expect(Object.keys(layout.boundaries).sort()).toEqual(['Data', 'Shop']);
    expect(Object.keys(layout.edges).sort()).toEqual(['Checkout', 'Put', 'Save']);
    const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
      inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
    expect(inside(layout.nodes.Api, layout.boundaries.Shop)).toBe(true);
    expect(inside(layout.nodes.Orders, layout.boundaries.Data)).toBe(true);
    expect(inside(layout.boundaries.Data, layout.boundaries.Shop)).toBe(true);
    expect(inside(layout.nodes.Customer, layout.boundaries.Shop)).toBe(false);
    for (const route of Object.values(layout.edges)) expect(route.points.length).toBeGreaterThanOrEqual(2);
  });

  it('gives the same picture for the same model', async () => {
    const first = renderSvg(await layoutGraph(await graphOf(MODEL)));
    const second = renderSvg(await layoutGraph(await graphOf(MODEL)));
    expect(second).toBe(first);
  });
});

describe('renderSvg', () => {
  it('draws each kind with its own shape and each flow as an arrow', async () => {
    const svg = await renderModelSvg(await parseModel(MODEL));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<g class="tm-node tm-external" data-id="Customer"[^>]*>[^\n]*\n[^\n]*<rect class="tm-shape" data-shape="external" [^>]*\/>/);
    expect(svg).toMatch(/data-id="Api"[^<]*<title>[^<]*<\/title><rect class="tm-shape" data-shape="process" [^>]* rx="\d/);
    // Open-ended: two horizontal lines and nothing else.
    expect(svg).toMatch(/data-id="Orders"[^<]*<title>[^<]*<\/title><rect class="tm-hit"[^>]*\/><path class="tm-shape" data-shape="store" d="M[\d.]+ [\d.]+H[\d.]+M[\d.]+ [\d.]+H[\d.]+"\/>/);
    expect(svg.match(/class="tm-flow-line"[^>]*marker-end="url\(#tm-arrow(-crossing)?\)"/g)).toHaveLength(3);
    expect(svg).toMatch(/class="tm-boundary-outline"[^>]*stroke-dasharray/);
    expect(svg).toContain('>checkout request</text>');
    expect(svg).toContain('>HTTPS</text>');
  });

  it('makes crossing flows stand out and shows markers and uncovered letters', async () => {
    const svg = await renderModelSvg(await parseModel(MODEL));
    expect(svg).toMatch(/<g class="tm-flow tm-crossing" data-id="Checkout"/);
    expect(svg).toMatch(/<g class="tm-flow tm-crossing" data-id="Save"/);
    expect(svg).toMatch(/<g class="tm-flow" data-id="Put"/);
    expect(svg).toMatch(/data-id="Api"[^<]*<title>[^<]*<\/title>.*?<g class="tm-marker tm-bucket-fix-now" data-count="1" data-bucket="fix now">/);
    expect(svg).toMatch(/data-id="Checkout"[^<]*<title>[^<]*<\/title>.*?<g class="tm-marker tm-bucket-fix-soon" data-count="1"/);
    expect(svg).toContain('>uncovered S T R D E</text>');
    expect(svg).toMatch(/<title>API server \(process Api\)\nT1 Reads another invoice — fix now, open\nUncovered: S, T, R, D, E<\/title>/);
  });

  it('gives each element\'s tooltip the status of a threat there when decisions name their targets', async () => {
    const svg = await renderModelSvg(await parseModel('process Api\nstore Db\nflow Q: Api -> Db\n'
      + 'threat T "Injection" { on Api, Db  stride T  likelihood 3  impact 3  accepted "internal" by "lead" for Api  mitigation "m" done for Db }'));
    expect(svg).toMatch(/<title>Api \(process Api\)\nT Injection — fix now, accepted\n/);
    expect(svg).toMatch(/<title>Db \(data store Db\)\nT Injection — fix now, mitigated\n/);
  });

  it('writes every colour out in a file, and the webview\'s stylesheet follows the VS Code theme', async () => {
    const layout = await layoutGraph(await graphOf(MODEL));
    const file = renderSvg(layout);
    // Renderers without CSS custom properties (librsvg) must see plain colours.
    expect(file).toMatch(/<style>[^<]*\.tm-background \{ fill: #ffffff; \}/);
    expect(file).not.toMatch(/var\(|--/);
    expect(DIAGRAM_STYLE).toMatch(/\.tm-background \{ fill: var\(--vscode-editor-background, #ffffff\); \}/);
    const bare = renderSvg(layout, { embedStyle: false, showMarkers: false, showLabels: false, idPrefix: 'p1' });
    expect(bare).not.toContain('<style>');
    expect(bare).toContain('class="tm-dfd tm-hide-markers tm-hide-labels"');
    expect(bare).toContain('<marker id="p1-arrow"');
    // The webview toggles them with classes, so they are in its SVG; a file leaves them out.
    expect(bare).toContain('class="tm-marker');
    expect(bare).toContain('class="tm-flow-label"');
    const hidden = renderSvg(layout, { showMarkers: false, showLabels: false });
    expect(hidden).not.toContain('class="tm-marker');
    expect(hidden).not.toContain('class="tm-flow-label"');
    expect(hidden).toContain('class="tm-flow-line"');
  });

  it('draws a flow with a reply as one connector with an arrowhead at each end, and says what comes back', async () => {
    const svg = await renderModelSvg(await parseModel(`${MODEL}flow Query: Api -> Cache { returns pii, internal }\n`));
    // A flow's group is one line after its tooltip's.
    const flowGroup = (id: string) => svg.match(new RegExp(`<g class="tm-flow[^"]*" data-id="${id}"[^>]*>(?:[^\\n]*\\n)*?[^\\n]*</g></g>`))![0];
    expect(flowGroup('Query').match(/class="tm-flow-line"/g)).toHaveLength(1);
    expect(flowGroup('Query')).toMatch(/<path class="tm-flow-line" d="[^"]*" marker-start="url\(#tm-arrow-start\)" marker-end="url\(#tm-arrow\)"\/>/);
    expect(flowGroup('Query')).toContain('<title>Query (flow Query: Api ⇄ Cache)\nReturns: pii, internal</title>');
    expect(flowGroup('Put')).not.toContain('marker-start');
    expect(flowGroup('Put')).toContain('Api → Cache');
    expect(svg).toMatch(/<marker id="tm-arrow-start" [^>]*orient="auto"/);
  });

  it('writes what a flow with a reply exchanges on its label: what it carries, then what comes back', async () => {
    const model = `${MODEL}data SessionToken "Session token"
flow Login: Customer -> Api "Login" { carries credentials  returns SessionToken }
flow Query: Api -> Cache { returns pii, internal }
flow Report: Api -> Orders "Monthly <b>statement</b> & summary" { carries internal  returns financial, pii }
`;
    const graph = await graphOf(model);
    const layout = await layoutGraph(graph);
    const svg = renderSvg(layout);
    const labelOf = (id: string) => [...svg.match(new RegExp(`data-id="${id}"[^>]*>.*?<g class="tm-flow-label">(.*?)</g></g>`, 's'))![1].matchAll(/<text class="([^"]+)"[^>]*>([^<]*)<\/text>/g)]
      .map(match => `${match[1]}: ${match[2]}`);
    // Nothing carried by name: only what comes back; short enough for the label's line.
    expect(labelOf('Query')[0]).toBe('tm-label: Query ← pii, internal');
    // Longer than the block's other lines and 24 characters: a line of its own, cut (the tooltip has it all).
    expect(labelOf('Login').slice(0, 2)).toEqual(['tm-label: Login', 'tm-label: ⇄ credentials / Session…']);
    // Too long for one line: the exchange gets its own, and the label is escaped.
    expect(labelOf('Report').slice(0, 2)).toEqual(['tm-label: Monthly &lt;b&gt;statement&lt;/b&gt; &amp; summary', 'tm-label: ⇄ internal / financial, pii']);
    // The label block is sized for both lines.
    const report = layout.edges.Report.label;
    expect(report.height).toBeGreaterThanOrEqual(2 * 16);
    expect(report.width).toBeGreaterThanOrEqual('Monthly <b>statement</b> & summary'.length * 7.2);
    expect(labelOf('Put')).toEqual(['tm-label: Put']);
  });

  it('puts a threat marker before the label of a boundary that threats name, and lists them in its tooltip', async () => {
    const model = `${MODEL}threat T3 "Open security group" { on Shop  stride T  likelihood 3  impact 3 }\nthreat T4 "No flow logs" { on Shop  stride R }\n`;
    const layout = await layoutGraph(await graphOf(model));
    const svg = renderSvg(layout);
    const shop = svg.match(/<g class="tm-boundary" data-id="Shop"[^>]*>(?:[^\n]*\n)*?<\/g>/)![0];
    expect(shop).toContain('<title>Shop backend (trust boundary Shop)\nT3 Open security group — fix now, open\nT4 No flow logs — unscored, open</title>');
    expect(shop).toMatch(/<g class="tm-marker tm-bucket-fix-now" data-count="2" data-bucket="fix now"><circle cx="([\d.]+)"/);
    // The marker sits left of the label, inside the boundary's label row.
    const box = layout.boundaries.Shop;
    const markerX = Number(shop.match(/<circle cx="([\d.]+)" cy="([\d.]+)"/)![1]);
    const labelX = Number(shop.match(/<text class="tm-boundary-label" x="([\d.]+)"/)![1]);
    expect(markerX).toBeGreaterThan(box.x);
    expect(labelX).toBeGreaterThan(markerX + 9);
    // A boundary without threats has no marker; a file drawn without markers leaves it out.
    expect(svg.match(/<g class="tm-boundary" data-id="Data"[^>]*>(?:[^\n]*\n)*?<\/g>/)![0]).not.toContain('tm-marker');
    expect(renderSvg(layout, { showMarkers: false })).not.toMatch(/data-id="Shop" data-kind="boundary">(?:[^\n]*\n)*?[^\n]*tm-marker/);
  });

  it('makes a boundary wide enough for its marker and its label', async () => {
    const model = 'boundary Wide "A rather long boundary label here" { process P }\nthreat T "Zone threat" { on Wide  stride T }\n';
    const layout = await layoutGraph(await graphOf(model));
    expect(layout.boundaries.Wide.width).toBeGreaterThanOrEqual(10 + 2 * 9 + 4 + 'A rather long boundary label here'.length * 7.2);
    // A boundary from another file has room for its caption too.
    const threats = { count: 0 };
    expect(boundaryLabelWidth({ label: 'Idp', threats, importedFrom: 'lib/idp.tm' })).toBe(textWidth('Idp') + 8 + textWidth('from idp.tm'));
    expect(boundaryLabelWidth({ label: 'Idp', threats: { count: 1 } })).toBe(2 * 9 + 4 + textWidth('Idp'));
  });

  it('draws what is out of scope muted and dashed, with its reason in the tooltip', async () => {
    const model = `${MODEL}boundary Legacy { out-of-scope "decommissioned in Q3"  process Old }
process Batch { out-of-scope "runs offline, audited separately" }
flow Feed: Old -> Batch
flow Import: Batch -> Api { out-of-scope "manual, yearly" }
`;
    const svg = await renderModelSvg(await parseModel(model));
    expect(svg).toMatch(/<g class="tm-boundary tm-out-of-scope" data-id="Legacy" data-kind="boundary">\n<title>Legacy \(trust boundary Legacy\)\nOut of scope: decommissioned in Q3<\/title>/);
    expect(svg).toMatch(/<g class="tm-node tm-process tm-out-of-scope" data-id="Old"[^>]*><title>Old \(process Old\)\nOut of scope: decommissioned in Q3<\/title>/);
    expect(svg).toMatch(/<g class="tm-node tm-process tm-out-of-scope" data-id="Batch"[^>]*><title>Batch \(process Batch\)\nOut of scope: runs offline, audited separately<\/title>/);
    // Out of scope by both its ends, with the source's reason; or by its own.
    expect(svg).toMatch(/<g class="tm-flow tm-crossing tm-out-of-scope" data-id="Feed"[^>]*><title>[^<]*\nOut of scope: decommissioned in Q3<\/title>/);
    expect(svg).toMatch(/<g class="tm-flow tm-crossing tm-out-of-scope" data-id="Import"[^>]*><title>[^<]*\nOut of scope: manual, yearly<\/title>/);
    expect(svg).toMatch(/<g class="tm-node tm-process" data-id="Api"/);
    expect(svg).toMatch(/<g class="tm-flow tm-crossing" data-id="Checkout"/);
    // A file's stylesheet mutes them with plain values.
    expect(svg).toMatch(/<style>[^<]*\.tm-out-of-scope \{[^}]*opacity: 0?\.\d+;/);
  });

  it('draws what an imported file declares dashed, captioned with the file, its path in the tooltip, escaped', async () => {
    const graph = await graphOf(MODEL);
    const hostilePath = '../<b>&"lib/idp<x>.tm';
    const imported = { ...graph,
      nodes: graph.nodes.map(node => node.id === 'Api' ? { ...node, importedFrom: '../platform/idp.tm' } : node.id === 'Cache' ? { ...node, importedFrom: hostilePath } : node),
      boundaries: graph.boundaries.map(boundary => boundary.id === 'Data' ? { ...boundary, importedFrom: '../platform/idp.tm' } : boundary),
      edges: graph.edges.map(edge => edge.id === 'Save' ? { ...edge, importedFrom: '../platform/idp.tm' } : edge),
    };
    const svg = renderSvg(await layoutGraph(imported));
    expect(svg).toMatch(/<g class="tm-node tm-process tm-imported" data-id="Api"[^>]*><title>API server \(process Api, from \.\.\/platform\/idp\.tm\)\n/);
    expect(svg).toMatch(/data-id="Api"[^]*?<text class="tm-imported-from"[^>]*>from idp\.tm<\/text>/);
    expect(svg).toMatch(/<g class="tm-boundary tm-imported" data-id="Data"[^]*?<tspan class="tm-imported-from" dx="8">from idp\.tm<\/tspan><\/text>/);
    expect(svg).toMatch(/<g class="tm-flow tm-crossing tm-imported" data-id="Save"[^>]*><title>[^<]*, from \.\.\/platform\/idp\.tm\)/);
    expect(svg).toContain('from idp&lt;x&gt;.tm</text>');
    expect(svg).toContain('from ../&lt;b&gt;&amp;&quot;lib/idp&lt;x&gt;.tm)');
    expect(svg).not.toMatch(/<b>|<x>/);
    expect(svg).toMatch(/<g class="tm-node tm-store" data-id="Orders"/);
    // The caption is a line of the node: the node is laid out taller to hold it.
    expect((await layoutGraph(imported)).nodes.Api.height).toBeGreaterThan((await layoutGraph(graph)).nodes.Api.height);
    expect(svg).toMatch(/<style>[^<]*\.tm-imported \.tm-shape, \.tm-imported \.tm-flow-line \{ stroke-dasharray: 6 3; \}/);
  });

  it('escapes every model string, so markup in a label is text', async () => {
    const svg = await renderModelSvg(await parseModel(hostileModel()));
    // Model text holds no raw < > or ", so every tag and attribute is the writer's own.
    const tags = new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map(match => match[1]));
    expect([...tags].sort()).toEqual(['circle', 'defs', 'g', 'marker', 'path', 'rect', 'style', 'svg', 'text', 'title']);
    const attributes = new Set([...svg.matchAll(/<[a-zA-Z]+((?:\s[a-zA-Z-]+="[^"]*")*)\s*\/?>/g)]
      .flatMap(match => [...match[1].matchAll(/\s([a-zA-Z-]+)=/g)].map(attribute => attribute[1])));
    expect(attributes).toContain('data-id');
    expect([...attributes].filter(name => /^on|href|src/i.test(name))).toEqual([]);
    expect(svg).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(svg).toContain('a &amp; b &lt; c &gt; d');
  });

  it('keeps the document well formed when a label holds control characters', async () => {
    const svg = await renderModelSvg(await parseModel('process P "bell\u0007 and nul\u0000"'));
    expect(svg).toContain('bell\ufffd and nul\ufffd');
  });
});

describe('renderMermaid', () => {
  it('writes a flowchart with a subgraph per boundary and a shape per kind', async () => {
    const mermaid = renderMermaid(await graphOf(MODEL));
    expect(mermaid).toBe(`flowchart LR
  n_Customer["Customer browser (uncovered S R)"]
  subgraph b_Shop["Shop backend"]
    n_Api(["API server (1 threat, fix now; uncovered S T R D E)"])
    n_Cache[("Cache (uncovered T I D)")]
    subgraph b_Data["Data"]
      n_Orders[("Orders DB (uncovered T I D)")]
    end
  end
  n_Customer ==>|"checkout request [HTTPS]"| n_Api
  n_Api ==>|"Save [SQL]"| n_Orders
  n_Api -->|"Put"| n_Cache
  classDef fixNow stroke:#cf222e,stroke-width:3px
  class n_Api fixNow
`);
  });

  it('links a flow with a reply with an arrowhead at each end', async () => {
    const mermaid = renderMermaid(await graphOf(`${MODEL}flow Query: Api -> Cache { returns pii }\nflow Read: Api -> Orders { returns internal }\n`));
    expect(mermaid).toContain('  n_Api <-->|"Query ← pii"| n_Cache\n');
    expect(mermaid).toContain('  n_Api <==>|"Read ← internal"| n_Orders\n');
    expect(mermaid).toContain('  n_Api -->|"Put"| n_Cache\n');
  });

  it('mutes and dashes what is out of scope', async () => {
    const mermaid = renderMermaid(await graphOf(`${MODEL}boundary Legacy { out-of-scope "gone"  process Old }\nflow Feed: Old -> Api\nflow Sync: Api -> Cache { out-of-scope "vendor" }\n`));
    expect(mermaid).toContain('  classDef outOfScope opacity:0.4,stroke-dasharray:3 3\n  class b_Legacy,n_Old outOfScope\n');
    // Links are styled by their index in the chart: Sync is the fifth.
    expect(mermaid).toContain('  linkStyle 4 opacity:0.4,stroke-dasharray:3 3\n');
    expect(renderMermaid(await graphOf(MODEL))).not.toContain('outOfScope');
  });

  it('dashes what an imported file declares, says which file, and writes its qualified ids as Mermaid ids', async () => {
    const graph = await graphOf(MODEL);
    const qualify = (id: string) => (id === 'Api' || id === 'Data' ? `idp.${id}` : id);
    const imported = { ...graph,
      nodes: graph.nodes.map(node => ({ ...node, id: qualify(node.id), zone: node.zone.map(qualify), ...(node.id === 'Api' ? { importedFrom: '../platform/idp.tm' } : {}) })),
      boundaries: graph.boundaries.map(boundary => ({ ...boundary, id: qualify(boundary.id), ...(boundary.id === 'Data' ? { importedFrom: '../platform/idp.tm' } : {}) })),
      edges: graph.edges.map(edge => ({ ...edge, source: qualify(edge.source), target: qualify(edge.target), ...(edge.id === 'Save' ? { importedFrom: '../platform/idp.tm' } : {}) })),
    };
    const mermaid = renderMermaid(imported);
    expect(mermaid).toContain('ni_idp_2e_Api(["API server (1 threat, fix now; uncovered S T R D E; from idp.tm)"])');
    expect(mermaid).toContain('subgraph bi_idp_2e_Data["Data"]');
    expect(mermaid).toContain('  ni_idp_2e_Api ==>|"Save [SQL]"| n_Orders\n');
    expect(mermaid).toContain('  classDef imported stroke-dasharray:6 3\n  class bi_idp_2e_Data,ni_idp_2e_Api imported\n');
    expect(mermaid).toContain('  linkStyle 1 stroke-dasharray:6 3\n');
    expect(mermaid).not.toMatch(/\bidp\.Api\b/);
    expect(renderMermaid(graph)).not.toContain('imported');
  });

  it('quotes every label with entities, so nothing can end it or open markup', async () => {
    const mermaid = renderMermaid(await graphOf(hostileModel()));
    for (const line of mermaid.split('\n')) {
      const labels = [...line.matchAll(/"([^"]*)"/g)].map(match => match[1]);
      for (const label of labels) expect(label).not.toMatch(/[<>`|&]/);
    }
    expect(mermaid).toContain('#quot;#gt;#lt;img src=x onerror=alert(1)#gt;');
    expect(mermaid).toContain('#lt;/text#gt;#lt;script#gt;alert(2)#lt;/script#gt;');
    expect(HOSTILE_LABELS.some(label => mermaid.includes(label))).toBe(false);
  });

  it('prefixes ids so a name such as end cannot break the chart', async () => {
    const mermaid = renderMermaid(await graphOf('process end\nprocess subgraph\nflow F: end -> subgraph'));
    expect(mermaid).toContain('n_end(["end (uncovered S T R I D E)"])');
    expect(mermaid).toContain('n_end -->|"F"| n_subgraph');
  });
});
