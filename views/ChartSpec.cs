using System.Text.Json.Nodes;

namespace Transports.Views;

/// <summary>One chart: a Vega-Lite v5 specification with its inline data, and the names it is saved under.</summary>
/// <param name="Name">File stem, lowercase with dashes (e.g. <c>goodput</c>): saved as <c>charts/&lt;Name&gt;.vl.json</c>, <c>.svg</c>, <c>.png</c>.</param>
/// <param name="Title">Human title of the chart, as in the spec's title (e.g. "Goodput per transport").</param>
/// <param name="Spec">The Vega-Lite specification (schema <see cref="ChartSpecs.VegaLiteSchema"/>), data inline.</param>
public sealed record ChartSpec(string Name, string Title, JsonObject Spec);
