using System.Net;
using System.Text;

namespace Transports.Views.Rendering;

/// <summary>Small HTML building blocks: escaping, tables, definition lists. Every text goes through <see cref="E"/>.</summary>
internal static class Html
{
    /// <summary>HTML-escapes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A table with a header row; cells are escaped; <paramref name="rowClasses"/> gives each row a CSS class (null: none).</summary>
    public static void Table(StringBuilder html, string cssClass, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string?>? rowClasses = null)
    {
        int index = 0;
        html.Append("<table class=\"").Append(E(cssClass)).Append("\"><thead><tr>");
        foreach (var h in headers) html.Append("<th>").Append(E(h)).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            string? rowClass = rowClasses is not null && index < rowClasses.Count ? rowClasses[index] : null;
            index++;
            html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{E(rowClass)}\">");
            foreach (var cell in row) html.Append("<td>").Append(E(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    /// <summary>A two-column name/value table; nothing when <paramref name="pairs"/> is empty.</summary>
    public static void KeyValues(StringBuilder html, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var list = pairs.ToList();
        if (list.Count == 0) return;
        Table(html, "kv", ["Name", "Value"], list.Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));
    }
}
