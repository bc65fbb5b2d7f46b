using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Metrics;

namespace Serverless.Diag.Probes.Prometheus;

/// <summary>
/// <c>type: prometheus</c>: a PromQL instant query over the HTTP API (<c>value</c>, <c>series</c>), or with
/// <c>mode: targets</c> the health of the server's scrape targets (<c>targets.up/down/unknown/total</c>).
/// </summary>
public sealed class PrometheusProbeFactory : IProbeFactory
{
    private readonly Lazy<SocketsHttpHandler> _handler = new(ObservabilityHttp.CreateHandler);

    public string Type => "prometheus";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["url", "query", "mode", "job", "auth"];

    public MeasurementVocabulary Vocabulary => PrometheusVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var url = ObservabilityHttp.ReadUrl(settings, "url", out var basicAuth);
        var mode = settings.Has("mode") ? settings.Enum<PrometheusMode>("mode") : PrometheusMode.Query;
        var query = settings.String("query");
        var job = settings.String("job");
        var authorization = ObservabilityHttp.ReadAuth(settings) ?? basicAuth;
        switch (mode)
        {
            case PrometheusMode.Query when string.IsNullOrWhiteSpace(query):
                settings.Error(settings.Has("query") ? "query" : "type", $"check '{settings.Check.Name}' (prometheus) needs a PromQL 'query', or 'mode: targets'");
                break;
            case PrometheusMode.Query when job is not null:
                settings.Error("job", "'job' filters targets: it needs 'mode: targets'");
                break;
            case PrometheusMode.Targets when query is not null:
                settings.Error("query", "'query' is not used with 'mode: targets'");
                break;
        }

        CheckExpectPaths(settings, mode);
        return settings.HasErrors || url is null || mode is null
            ? null
            : new PrometheusProbe(new PrometheusSettings(url, mode.Value, query, job, authorization), _handler.Value);
    }

    private static void CheckExpectPaths(CheckSettings settings, PrometheusMode? mode)
    {
        foreach (var line in settings.Check.Expect)
        {
            if (!AssertionParser.TryParse(line.Text.Value, AssertionLevel.Fail, out var assertion, out _))
            {
                continue; // reported by the loader
            }

            foreach (var (path, offset) in assertion.Operands)
            {
                var targetsPath = path.StartsWith("targets.", StringComparison.Ordinal);
                if ((mode == PrometheusMode.Query && targetsPath) || (mode == PrometheusMode.Targets && path is PrometheusVocabulary.Value or PrometheusVocabulary.Series))
                {
                    var needs = targetsPath ? "mode: targets" : "mode: query";
                    settings.Error(line.Text with { Mark = line.Text.TextStart.Offset(offset) }, $"'{path}' is measured only with '{needs}'");
                }
            }
        }
    }
}
