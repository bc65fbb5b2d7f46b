using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Http;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// The <c>flow</c> check type: ordered http steps sharing captured values and cookies (log in, call with the token, create
/// and delete a test object), and <c>finally</c> steps that run even after a failure.
/// </summary>
public sealed class FlowProbeFactory : IProbeFactory
{
    // Process-wide, as the http checks' own: a host that builds its catalogue per run still reuses connections.
    private static readonly SharedHandlers ProcessWide = new(TimeProvider.System);

    public string Type => "flow";

    public IReadOnlyCollection<string> SettingKeys => FlowSettingsReader.Keys;

    public MeasurementVocabulary Vocabulary => FlowVocabulary.Instance;

    public IReadOnlyDictionary<string, SettingSchema> SettingSchemas { get; } = new Dictionary<string, SettingSchema>(StringComparer.Ordinal)
    {
        [FlowSettingsReader.Steps] = new(
            "Ordered requests: name, method, url, headers, body or json, auth, follow_redirects, expect (http paths), capture " +
            "(name: json.<path> | headers.<name> | status | body, or {from, regex, public}); ${name} uses a value captured by an earlier step."),
        [FlowSettingsReader.Finally] = new("Steps that run after the steps, even when one failed: clean up what the flow created."),
    };

    public IReadOnlySet<string> RuntimeVariables(ConfigMapping settings) => FlowSettingsReader.CapturedNames(settings);

    public IProbe? Create(CheckSettings settings)
    {
        var parsed = FlowSettingsReader.Read(settings);
        return parsed is null ? null : new FlowProbe(parsed, ProcessWide.Get(new HandlerOptions(parsed.InsecureSkipVerify, Compressed: false)));
    }
}
