using Azure.Core;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.AzureMonitor.Logs;

/// <summary>
/// <c>type: azure-logs</c>: a KQL query against a Log Analytics workspace (<c>workspace</c>) or a resource
/// (<c>resource</c>). Measures <c>value</c> (first cell), <c>rows</c>, <c>row.&lt;column&gt;</c> (first row) and <c>partial</c>.
/// </summary>
public sealed class AzureLogsProbeFactory : IProbeFactory
{
    public const string PublicEndpoint = "https://api.loganalytics.io";

    private readonly AzureMonitorConnection _connection;

    public AzureLogsProbeFactory(TokenCredential? credential = null)
        : this(new AzureMonitorOptions { Credential = credential })
    {
    }

    public AzureLogsProbeFactory(AzureMonitorOptions options)
    {
        _connection = new AzureMonitorConnection(options);
    }

    public string Type => "azure-logs";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["workspace", "resource", "query", "timespan", "endpoint", "audience"];

    public MeasurementVocabulary Vocabulary { get; } = new("value", "rows", "row.*", "partial");

    public IProbe? Create(CheckSettings settings)
    {
        var ok = true;
        var workspace = settings.String("workspace");
        var resource = AzureSettings.ResourceId(settings, "resource", required: false);
        if ((workspace is null) == (settings.Has("resource") is false))
        {
            settings.Error(workspace is null ? "type" : "resource", $"check '{settings.Check.Name}' (azure-logs) needs either 'workspace' (a workspace id) or 'resource' (a resource id), not {(workspace is null ? "neither" : "both")}");
            ok = false;
        }

        var query = settings.String("query", required: true);
        var timespan = AzureSettings.IsoDuration(settings, "timespan");
        var endpoint = AzureSettings.Endpoint(settings, PublicEndpoint);
        var audience = AzureSettings.Audience(settings, endpoint);
        if (!ok || query is null || endpoint is null || audience is null || (settings.Has("timespan") && timespan is null) || (settings.Has("resource") && resource is null))
        {
            return null;
        }

        var client = new LogsQueryClient(_connection, AzureMonitorConnection.ScopeOf(audience), endpoint);
        return new AzureLogsProbe(client, new LogsTarget(workspace, resource), query, timespan);
    }
}
