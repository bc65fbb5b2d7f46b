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

    public MeasurementVocabulary Vocabulary => HttpVocabulary.Instance;

    public IReadOnlyDictionary<string, SettingSchema> SettingSchemas { get; } = new Dictionary<string, SettingSchema>(StringComparer.Ordinal)
    {
        ["follow_redirects"] = new(
            "Follow redirects (default true, at most 10). To another origin (scheme, host or port) the check's credentials are not sent: " +
            "auth, credential headers and query parameters. same-origin: follow only within the origin. false: the 3xx is the answer.",
            ["true", "false", "same-origin"]),
    };

    public IProbe? Create(CheckSettings settings)
    {
        var parsed = HttpSettingsReader.Read(settings);
        return parsed is null ? null : new HttpProbe(parsed, _handlers.Get(parsed.HandlerOptions));
    }
}
