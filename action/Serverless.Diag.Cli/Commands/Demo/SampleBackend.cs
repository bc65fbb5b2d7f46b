using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Cli.Infrastructure.Http;

namespace Serverless.Diag.Cli.Commands.Demo;

/// <summary>
/// The demo's stand-in for a deployed backend, on a free loopback port: healthy endpoints and a few
/// problems planted on purpose (slow search, a 500 with a stack trace, an admin route open to anyone).
/// </summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    private const string Json = "application/json";
    private const string OrdersPrefix = "/api/orders/";

    private readonly StandaloneKestrel _server;

    private SampleBackend(StandaloneKestrel server)
    {
        _server = server;
        Address = new Uri(server.Addresses[0]);
    }

    public Uri Address { get; }

    public static async Task<SampleBackend> StartAsync(CancellationToken cancellationToken)
    {
        var server = await StandaloneKestrel.StartAsync(["http://127.0.0.1:0"], AnswerAsync, NullLoggerFactory.Instance, maxRequestBodyBytes: 64 * 1024, cancellationToken);
        return new SampleBackend(server);
    }

    private static Task AnswerAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET";
            return Task.CompletedTask;
        }

        var path = context.Request.Path.Value ?? "/";
        return path switch
        {
            "/health" => WriteAsync(context, 200, Json, """{"status":"healthy","version":"1.4.2"}"""),
            "/health/verbose" => WriteAsync(context, 200, Json,
                """{"status":"healthy","components":{"database":{"status":"healthy","pool":{"size":20,"checked_out":3}},"redis":{"status":"healthy","memory_used_mb":42},"pusher":{"status":"healthy"}}}"""),
            "/agents/status" => WriteAsync(context, 200, Json, """{"status":"success","agents":4}"""),
            "/api/search" => SlowSearchAsync(context),
            "/api/orders" => WriteAsync(context, 500, "text/plain",
                "Traceback (most recent call last):\n  File \"app/api/orders.py\", line 88, in list_orders\n    rows = await db.fetch_all(query)\nsqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30\n"),
            "/admin/users" => WriteAsync(context, 200, Json, """[{"id":1,"email":"admin@example.com","role":"admin"}]"""),
            _ when path.StartsWith(OrdersPrefix, StringComparison.Ordinal)
                && int.TryParse(path.AsSpan(OrdersPrefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) =>
                WriteAsync(context, 200, Json, string.Create(CultureInfo.InvariantCulture, $$"""{"id":{{id}}}""")),
            _ => WriteAsync(context, 404, "text/plain", "not found"),
        };
    }

    private static async Task SlowSearchAsync(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(1200), context.RequestAborted);
        await WriteAsync(context, 200, Json, """{"results":[]}""");
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
