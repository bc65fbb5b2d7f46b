using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.ApplicationInsights;

/// <summary>One POST to the track API as the server received it: headers, the raw body and its items.</summary>
public sealed record IngestionRequest(IReadOnlyDictionary<string, string> Headers, string Body, IReadOnlyList<JsonObject> Items)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Plays the Application Insights ingestion endpoint (Breeze, <c>POST /v2.1/track</c>, and <c>/v2/track</c> where the
/// 2.x SDK sends without Entra authentication) on 127.0.0.1: takes newline-delimited or array JSON, gzip-compressed or not, answers as the service does (<c>{"itemsReceived","itemsAccepted","errors"}</c>, 200 when all
/// were taken, 206 with per-item errors, 400 when nothing was), and records every request. <see cref="Answer"/> decides
/// per request: refuse items, answer a status, or hold the answer back to play a slow service.
/// </summary>
public sealed class IngestionServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IngestionRequest> _requests = [];
    private long _counted;

    private IngestionServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The <c>IngestionEndpoint</c> of the connection string.</summary>
    public Uri Endpoint { get; }

    public const string InstrumentationKey = "00000000-1111-2222-3333-444444444444";

    public string ConnectionString => $"InstrumentationKey={InstrumentationKey};IngestionEndpoint={Endpoint};LiveEndpoint={Endpoint}";

    /// <summary>Per request: what to answer. Default: every item accepted.</summary>
    public Func<IngestionRequest, IngestionAnswer> Answer { get; set; } = _ => IngestionAnswer.AcceptAll;

    /// <summary>
    /// False for benchmarks: bodies are drained and their items counted, not kept or parsed, so the server's own
    /// allocations stay out of the client's figures.
    /// </summary>
    public bool Record { get; set; } = true;

    /// <summary>Items counted while <see cref="Record"/> is off.</summary>
    public long ItemsCounted => Interlocked.Read(ref _counted);

    public IReadOnlyList<IngestionRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every item received, in order.</summary>
    public IReadOnlyList<JsonObject> Items => [.. Requests.SelectMany(r => r.Items)];

    /// <summary>The availability items (baseType AvailabilityData) received.</summary>
    public IReadOnlyList<JsonObject> AvailabilityItems =>
        [.. Items.Where(i => i["data"]?["baseType"]?.GetValue<string>() == "AvailabilityData")];

    public static async Task<IngestionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        IngestionServer? server = null;
        app.MapPost("/v2.1/track", (HttpContext context) => server!.TrackAsync(context));
        app.MapPost("/v2/track", (HttpContext context) => server!.TrackAsync(context));
        await app.StartAsync();
        var address = app.Urls.Single();
        server = new IngestionServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    private async Task TrackAsync(HttpContext context)
    {
        if (!Record)
        {
            await CountAsync(context);
            return;
        }

        // The SDK's channel compresses its batches.
        var compressed = string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        using var reader = new StreamReader(compressed ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var items = Parse(body);
        var request = new IngestionRequest(
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            items);
        lock (_requests)
        {
            _requests.Add(request);
        }

        var answer = Answer(request);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var refused = answer.Refuse.Where(r => r.Index < items.Count).ToList();
        var status = answer.Status ?? (refused.Count == 0 ? 200 : refused.Count == items.Count ? 400 : 206);
        context.Response.StatusCode = status;
        if (answer.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var errors = new JsonArray([.. refused.Select(r => (JsonNode)new JsonObject { ["index"] = r.Index, ["statusCode"] = r.StatusCode, ["message"] = r.Message })]);
        var response = new JsonObject { ["itemsReceived"] = items.Count, ["itemsAccepted"] = status is 200 or 206 ? items.Count - refused.Count : 0, ["errors"] = errors, ["appId"] = null };
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private async Task CountAsync(HttpContext context)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        var lines = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(), context.RequestAborted)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        Interlocked.Add(ref _counted, lines);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync($"{{\"itemsReceived\":{lines},\"itemsAccepted\":{lines},\"errors\":[]}}", context.RequestAborted);
    }

    private static List<JsonObject> Parse(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('['))
        {
            return [.. JsonNode.Parse(trimmed)!.AsArray().Select(n => n!.AsObject())];
        }

        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonNode.Parse(line)!.AsObject())];
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <param name="Refuse">Items to report as failed, by index in the request.</param>
/// <param name="Status">A status for the whole request (e.g. 503) instead of the one the items imply.</param>
public sealed record IngestionAnswer(IReadOnlyList<RefusedItem> Refuse, int? Status = null, TimeSpan Delay = default, int? RetryAfterSeconds = null)
{
    public static IngestionAnswer AcceptAll { get; } = new([]);

    public static IngestionAnswer Fail(int status, int? retryAfterSeconds = null) => new([], status, RetryAfterSeconds: retryAfterSeconds);

    public static IngestionAnswer Slow(TimeSpan delay) => new([], Delay: delay);
}

public sealed record RefusedItem(int Index, int StatusCode, string Message);
