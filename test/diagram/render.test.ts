// The layout and the SVG and Mermaid writers, in Node: shapes, markers, determinism, escaping.
import { describe, expect, it } from 'vitest';
import { DIAGRAM_STYLE, layoutGraph, renderMermaid, renderModelSvg, renderSvg } from '../../server/diagram/index.js';
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
    expect(mermaid).toContain('  n_Api <-->|"Query"| n_Cache\n');
    expect(mermaid).toContain('  n_Api <==>|"Read"| n_Orders\n');
    expect(mermaid).toContain('  n_Api -->|"Put"| n_Cache\n');
  });

  it('mutes and dashes what is out of scope', async () => {
    const mermaid = renderMermaid(await graphOf(`${MODEL}boundary Legacy { out-of-scope "gone"  process Old }\nflow Feed: Old -> Api\nflow Sync: Api -> Cache { out-of-scope "vendor" }\n`));
    expect(mermaid).toContain('  classDef outOfScope opacity:0.4,stroke-dasharray:3 3\n  class b_Legacy,n_Old outOfScope\n');
    // Links are styled by their index in the chart: Sync is the fifth.
    expect(mermaid).toContain('  linkStyle 4 opacity:0.4,stroke-dasharray:3 3\n');
    expect(renderMermaid(await graphOf(MODEL))).not.toContain('outOfScope');
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
