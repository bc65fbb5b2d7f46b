namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>A validated <c>http-load</c> check: what to send, how hard, for how long.</summary>
public sealed record HttpLoadOptions
{
    public required Uri Url { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Request headers other than Content-Type, validated at load time.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    /// <summary>Where the bearer token comes from when <c>auth</c> names a token source: asked once, before the run.</summary>
    public Auth.ITokenSource? TokenSource { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Workers (closed model) or connections (open model); also the connection pool's size.</summary>
    public required int Concurrency { get; init; }

    public required LoadPhase Run { get; init; }

    public LoadPhase Warmup { get; init; } = LoadPhase.None;

    public TimeSpan RequestTimeout { get; init; } = HttpLoadLimits.DefaultRequestTimeout;

    /// <summary>The most time a closed run without a duration may take: the duration cap.</summary>
    public TimeSpan MaxDuration { get; init; } = HttpLoadLimits.MaxDuration;
}
