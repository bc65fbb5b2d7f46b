using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.Prometheus;

/// <summary>
/// A stand-in for the Prometheus HTTP API on http://127.0.0.1 for what a real server will not do on demand:
/// require auth, answer an error envelope, answer garbage. Records each request's method, path, form and
/// Authorization header.
/// </summary>
public sealed class PrometheusApiFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Method, string Path, string? Authorization, string Body)> _requests = [];

    private PrometheusApiFake(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Status, body and content type of every answer.</summary>
    public (int Status, string Body, string ContentType) Answer { get; set; } = (200, """{"status":"success","data":{"resultType":"vector","result":[]}}""", "application/json");

    public IReadOnlyList<(string Method, string Path, string? Authorization, string Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<PrometheusApiFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new PrometheusApiFake(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.First() + "/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        lock (_requests)
        {
            _requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(), body));
        }

        var (status, text, contentType) = Answer;
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
