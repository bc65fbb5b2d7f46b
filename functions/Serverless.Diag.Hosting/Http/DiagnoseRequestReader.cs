using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Hosting.Http;

/// <summary>
/// Reads the selection from the query (<c>env=&amp;check=&amp;tag=&amp;file_issues=&amp;fail_status=</c>, repeated or
/// comma-separated) and, for POST, an optional JSON body with the same names. Anything else is refused: a request
/// may only name parts of the config, never a URL, host, connection or query to probe. Input is bounded: a body
/// over <see cref="MaxBodyBytes"/> is refused unread, and no error echoes more than a short cut of what was sent.
/// </summary>
public static class DiagnoseRequestReader
{
    /// <summary>A selection is a few names; 8 KB is far more than any real one.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>Longer than any environment, check or tag name a config would hold.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Names per list; more than any config has.</summary>
    public const int MaxNames = 256;

    private static readonly string[] Parameters = ["env", "check", "tag", "file_issues", "fail_status"];

    // Added by the Functions host or its clients for authentication; not ours to interpret.
    private static readonly string[] Ignored = ["code"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="DiagnoseRequestException">The request is malformed or too large; the exception carries the status.</exception>
    public static async Task<DiagnosisSelection> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var selection = new SelectionBuilder();
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
            var text = await ReadBodyAsync(request, cancellationToken);
            AddBody(text, selection);
        }

        return selection.Build();
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > MaxBodyBytes)
                {
                    // Chunked or lying Content-Length: stop reading, never buffer the rest.
                    throw TooLarge();
                }
            }

            try
            {
                return StrictUtf8.GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                throw new DiagnoseRequestException(StatusCodes.Status400BadRequest, "the body is not valid UTF-8");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DiagnoseRequestException TooLarge() => new(
        StatusCodes.Status413PayloadTooLarge,
        string.Create(CultureInfo.InvariantCulture, $"the body is larger than {MaxBodyBytes / 1024} KB; a selection is a few names such as {{\"env\": \"staging\", \"check\": [\"api-health\"]}}"));

    private static void AddBody(string text, SelectionBuilder selection)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            // The parser's message quotes at most a position, never the input.
            throw Malformed($"the body is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("the body must be a JSON object such as {\"env\": \"staging\", \"check\": [\"api-health\"]}");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        selection.Add(property.Name, Scalar(property.Name, item));
                    }
                }
                else
                {
                    selection.Add(property.Name, Scalar(property.Name, property.Value));
                }
            }
        }
    }

    private static string Scalar(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => throw Malformed($"'{Cut(name)}' must be a string, a list of strings or (file_issues) a boolean"),
    };

    private static DiagnoseRequestException Malformed(string message) => new(StatusCodes.Status400BadRequest, $"malformed request: {message}");

    /// <summary>What an error message may quote of the caller's input.</summary>
    internal static string Cut(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private sealed class SelectionBuilder
    {
        private readonly List<string> _environments = [];
        private readonly List<string> _checks = [];
        private readonly List<string> _tags = [];
        private bool _fileIssues;
        private int? _failStatus;

        public void Add(string name, string value)
        {
            switch (name.ToLowerInvariant())
            {
                case "env":
                    AddNames(_environments, "env", value);
                    break;
                case "check":
                    AddNames(_checks, "check", value);
                    break;
                case "tag":
                    AddNames(_tags, "tag", value);
                    break;
                case "file_issues":
                    _fileIssues = value.Trim().ToLowerInvariant() switch
                    {
                        "true" or "1" or "yes" => true,
                        "false" or "0" or "no" or "" => false,
                        _ => throw Malformed($"file_issues must be true or false, not '{Cut(value)}'"),
                    };
                    break;
                case "fail_status":
                    _failStatus = int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 500 and <= 599
                        ? status
                        : throw Malformed($"fail_status must be a 5xx status code such as 503, not '{Cut(value)}'");
                    break;
                default:
                    throw Malformed($"unknown parameter '{Cut(name)}' (expected: {string.Join(", ", Parameters)})");
            }
        }

        public DiagnosisSelection Build() => new(
            new DiagnosisRequest
            {
                Environments = [.. _environments.Distinct(StringComparer.Ordinal)],
                Checks = [.. _checks.Distinct(StringComparer.Ordinal)],
                Tags = [.. _tags.Distinct(StringComparer.Ordinal)],
                FileIssues = _fileIssues,
            },
            _failStatus);

        private static void AddNames(List<string> names, string parameter, string value)
        {
            foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (name.Length > MaxNameLength)
                {
                    throw Malformed($"a '{parameter}' name is longer than {MaxNameLength} characters");
                }

                if (names.Count >= MaxNames)
                {
                    throw Malformed($"more than {MaxNames} '{parameter}' names");
                }

                names.Add(name);
            }
        }
    }
}

/// <summary>What the caller asked for: the selection and how to answer a failed run.</summary>
/// <param name="FailStatus">Answer a failed run with this 5xx instead of 200 (<c>?fail_status=503</c>, for pingers that read only the code).</param>
public sealed record DiagnosisSelection(DiagnosisRequest Request, int? FailStatus);

/// <summary>The request cannot be served as sent; <see cref="StatusCode"/> is 400 or 413.</summary>
public sealed class DiagnoseRequestException : Exception
{
    public DiagnoseRequestException()
    {
    }

    public DiagnoseRequestException(string message)
        : base(message)
    {
    }

    public DiagnoseRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiagnoseRequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; } = StatusCodes.Status400BadRequest;
}
