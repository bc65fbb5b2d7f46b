using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// The <c>http</c> check type. Its checks share pooled handlers (one per handler configuration); the
/// parameterless factory uses the process-wide set, so a host that builds its catalogue per run
/// (a scheduled function) still reuses connections and never leaks handlers.
/// </summary>
public sealed class HttpProbeFactory : IProbeFactory
{
    private static readonly SharedHandlers ProcessWide = new(TimeProvider.System);

    private readonly SharedHandlers _handlers;

    public HttpProbeFactory() => _handlers = ProcessWide;

    public HttpProbeFactory(TimeProvider timeProvider) => _handlers = new SharedHandlers(timeProvider);

    public string Type => "http";

    public IReadOnlyCollection<string> SettingKeys => HttpSettingsReader.Keys;

    public MeasurementVocabulary Vocabulary { get; } =
        new("status", "latency", "dns", "connect", "tls", "ttfb", "size", "body", "json.*", "headers.*");

    public IProbe? Create(CheckSettings settings)
    {
        var parsed = HttpSettingsReader.Read(settings);
        return parsed is null ? null : new HttpProbe(parsed, _handlers.Get(parsed.HandlerOptions));
    }
}
