using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;

namespace Serverless.Diag.Bench;

/// <summary>
/// A check type that answers at once with what an http probe measures of a healthy response (status, latency,
/// the JSON body), so a run of it costs the runner, the assertions and the reports and nothing else.
/// </summary>
internal sealed class InstantProbeFactory(string body) : IProbeFactory
{
    public const string TypeName = "instant";

    private readonly byte[] _body = Encoding.UTF8.GetBytes(body);

    public string Type => TypeName;

    public IReadOnlyCollection<string> SettingKeys { get; } = ["url"];

    public MeasurementVocabulary Vocabulary { get; } = new("status", "latency", "json.*");

    public IProbe? Create(CheckSettings settings)
    {
        settings.String("url");
        return new InstantProbe(_body);
    }

    private sealed class InstantProbe(byte[] body) : IProbe
    {
        public Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", 200);
            result.Measurements.Set("latency", TimeSpan.FromMilliseconds(1));
            result.Measurements.AddResolver("json", new JsonPathResolver("json", body, null).Resolve);
            return Task.FromResult(result);
        }
    }
}
