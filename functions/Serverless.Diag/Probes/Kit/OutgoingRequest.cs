namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// What a check sends, before it becomes an <see cref="HttpRequestMessage"/>: kept apart so a redirect can send it
/// again, changed (another URL, GET after a 303, fewer headers for another origin). New request headers (a trace
/// context, a token source) go into <see cref="Headers"/>; <see cref="Credential"/> is the check's own auth header.
/// </summary>
public sealed record OutgoingRequest(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>The header carrying the check's credentials (<c>Authorization</c> or a custom one), or null.</summary>
    public KeyValuePair<string, string>? Credential { get; init; }
}
