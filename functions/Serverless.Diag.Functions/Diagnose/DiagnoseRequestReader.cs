using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Functions.Running;

namespace Serverless.Diag.Functions.Diagnose;

/// <summary>
/// Reads the selection from the query (<c>env=&amp;check=&amp;tag=&amp;file_issues=</c>, repeated or comma-separated)
/// and, for POST, an optional JSON body with the same names. Anything else is refused: a request may only
/// name parts of the config, never a URL, host, connection or query to probe.
/// </summary>
public static class DiagnoseRequestReader
{
    private static readonly string[] Parameters = ["env", "check", "tag", "file_issues"];

    // Added by the Functions host or its clients for authentication; not ours to interpret.
    private static readonly string[] Ignored = ["code"];

    /// <exception cref="FormatException">The request is malformed; the message says how.</exception>
    public static async Task<DiagnosisRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var selection = new Selection();
        foreach (var (name, values) in request.Query)
        {
            if (Ignored.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                selection.Add(name, value ?? string.Empty);
            }
        }

        if (HttpMethods.IsPost(request.Method))
        {
            await ReadBodyAsync(request, selection, cancellationToken);
        }

        return selection.ToRequest();
    }

    private static async Task ReadBodyAsync(HttpRequest request, Selection selection, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the body must be a JSON object such as {\"env\": \"staging\", \"check\": [\"api-health\"]}");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Array:
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            selection.Add(property.Name, Scalar(property.Name, item));
                        }

                        break;
                    default:
                        selection.Add(property.Name, Scalar(property.Name, property.Value));
                        break;
                }
            }
        }
    }

    private static string Scalar(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new FormatException($"'{name}' must be a string, a list of strings or (file_issues) a boolean"),
    };

    private sealed class Selection
    {
        private readonly List<string> _environments = [];
        private readonly List<string> _checks = [];
        private readonly List<string> _tags = [];
        private bool _fileIssues;

        public void Add(string name, string value)
        {
            switch (name.ToLowerInvariant())
            {
                case "env":
                    _environments.AddRange(Split(value));
                    break;
                case "check":
                    _checks.AddRange(Split(value));
                    break;
                case "tag":
                    _tags.AddRange(Split(value));
                    break;
                case "file_issues":
                    _fileIssues = value.Trim().ToLowerInvariant() switch
                    {
                        "true" or "1" or "yes" => true,
                        "false" or "0" or "no" or "" => false,
                        _ => throw new FormatException($"file_issues must be true or false, not '{value}'"),
                    };
                    break;
                default:
                    throw new FormatException($"unknown parameter '{name}' (expected: {string.Join(", ", Parameters)})");
            }
        }

        public DiagnosisRequest ToRequest() => new()
        {
            Environments = [.. _environments.Distinct(StringComparer.Ordinal)],
            Checks = [.. _checks.Distinct(StringComparer.Ordinal)],
            Tags = [.. _tags.Distinct(StringComparer.Ordinal)],
            FileIssues = _fileIssues,
        };

        private static string[] Split(string value) =>
            value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
