using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// The <c>http</c> check type. Holds the pooled handlers its checks share (one per handler configuration),
/// so the factory is meant to live as long as the host.
/// </summary>
public sealed class HttpProbeFactory : IProbeFactory
{
    private readonly SharedHandlers _handlers;

    public HttpProbeFactory()
        : this(TimeProvider.System)
    {
    }

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
