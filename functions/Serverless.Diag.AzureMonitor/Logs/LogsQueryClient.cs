using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Diag.AzureMonitor.Logs;

/// <summary>
/// The Log Analytics query API, as Azure.Monitor.Query's LogsQueryClient calls it (that package is not on
/// our feed): <c>POST /v1/workspaces/{id}/query</c> or the resource-centric <c>POST /v1{resourceId}/query</c>
/// with <c>{query, timespan}</c>, <c>Prefer: wait=N</c> and a network timeout of N + 15 s.
/// </summary>
internal sealed class LogsQueryClient(AzureMonitorConnection connection, string scope, Uri endpoint)
{
    /// <summary>How much longer than the server-side wait the connection may stay silent, as the SDK allows.</summary>
    public static readonly TimeSpan NetworkGrace = TimeSpan.FromSeconds(15);

    public async Task<AzureAnswer<LogsQueryResult>> QueryAsync(LogsTarget target, string query, string? timespan, int waitSeconds, CancellationToken cancellationToken)
    {
        // The pipeline (and the credential behind it) is built on first use: validating a config does no I/O.
        var pipeline = connection.PipelineFor(scope);
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath("/v1", escape: false);
        if (target.WorkspaceId is not null)
        {
            request.Uri.AppendPath("/workspaces/", escape: false);
            request.Uri.AppendPath(target.WorkspaceId, escape: true);
        }
        else
        {
            request.Uri.AppendPath(target.ResourceId!, escape: false);
        }

        request.Uri.AppendPath("/query", escape: false);
        request.Headers.Add("Content-Type", "application/json");
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("Prefer", $"wait={waitSeconds}");
        request.Content = RequestContent.Create(Body(query, timespan));
        message.NetworkTimeout = TimeSpan.FromSeconds(waitSeconds) + NetworkGrace;

        await pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        var body = response.Content.ToString();
        return response.IsError ? AzureAnswer<LogsQueryResult>.Failed(response.Status, body) : AzureAnswer<LogsQueryResult>.Ok(Parse(body), response.Status, body);
    }

    private static byte[] Body(string query, string? timespan)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("query", query);
            if (timespan is not null)
            {
                json.WriteString("timespan", timespan);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <exception cref="JsonException">Not JSON.</exception>
    internal static LogsQueryResult Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var tables = new List<LogsTable>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tables", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            tables.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object).Select(LogsTable.Read));
        }

        var partial = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) ? AzureFailures.Describe(error) ?? "partial error" : null;
        return new LogsQueryResult(tables, partial);
    }
}

/// <summary>Exactly one of the two.</summary>
internal sealed record LogsTarget(string? WorkspaceId, string? ResourceId)
{
    public override string ToString() => WorkspaceId is not null ? $"workspace {WorkspaceId}" : $"resource {ResourceId}";
}
