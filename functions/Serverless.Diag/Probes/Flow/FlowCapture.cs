using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// <c>capture: {name: json.access_token}</c> or <c>{name: {from: body, regex: 'csrf=(\w+)', public: true}}</c>: a value of a
/// step's response kept as <c>${name}</c> for later steps. A secret unless <see cref="Public"/>.
/// </summary>
internal sealed record FlowCapture(string Name, string From, Regex? Pattern, bool Public)
{
    /// <summary>The value, or why there is none.</summary>
    public (string? Value, string? Missing) Read(Measurements measurements)
    {
        var lookup = measurements.Lookup(From);
        if (!lookup.Found)
        {
            return (null, lookup.MissingReason ?? $"'{From}' was not measured");
        }

        var text = Text(lookup.Value);
        if (Pattern is null)
        {
            return text is null ? (null, $"'{From}' is null") : (text, null);
        }

        try
        {
            var match = text is null ? Match.Empty : Pattern.Match(text);
            if (!match.Success)
            {
                return (null, $"'{From}' does not match /{Pattern}/");
            }

            return (match.Groups.Count > 1 ? match.Groups[1].Value : match.Value, null);
        }
        catch (RegexMatchTimeoutException)
        {
            return (null, $"/{Pattern}/ took too long over '{From}'");
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
