using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// The <c>http-load</c> check: a burst of requests with honest percentiles. Closed model with
/// <c>requests</c>/<c>concurrency</c> (like ab), open model with <c>rate</c>/<c>duration</c> (like wrk2).
/// </summary>
public sealed class HttpLoadProbeFactory : IProbeFactory
{
    public string Type => "http-load";

    public bool PutsLoad => true;

    public IReadOnlyCollection<string> SettingKeys { get; } =
        ["url", "method", "headers", "body", "auth", "requests", "concurrency", "rate", "duration", "warmup", "request_timeout"];

    public MeasurementVocabulary Vocabulary => LoadVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var options = HttpLoadSettingsReader.Read(settings);
        return options is null ? null : new HttpLoadProbe(options, settings.Environment.AllowLoad);
    }
}
