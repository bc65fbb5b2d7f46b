using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Http;

/// <summary>An <c>http</c> check's settings, validated. The URL carries no credentials: they moved to <see cref="Authorization"/>.</summary>
internal sealed record HttpProbeSettings
{
    public const long DefaultMaxBody = 1024 * 1024;

    public required Uri Url { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    public RedirectPolicy FollowRedirects { get; init; } = RedirectPolicy.Any;

    public bool InsecureSkipVerify { get; init; }

    /// <summary>Ask for gzip, deflate or brotli and decompress, as <c>curl --compressed</c>; off by default, as curl.</summary>
    public bool Compressed { get; init; }

    public long MaxBody { get; init; } = DefaultMaxBody;

    /// <summary>The header that carries the credentials (<c>Authorization</c> or a custom one), or null.</summary>
    public KeyValuePair<string, string>? Authorization { get; init; }

    /// <summary>Where the bearer token comes from when <c>auth</c> names a token source; asked before each run.</summary>
    public Auth.ITokenSource? TokenSource { get; init; }

    public HandlerOptions HandlerOptions => new(InsecureSkipVerify, Compressed);
}
