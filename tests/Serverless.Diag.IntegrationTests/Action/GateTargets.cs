using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>One Kestrel target with the endpoints the gate tests probe; <see cref="Healthy"/> flips /flaky.</summary>
internal sealed class GateTargets : IAsyncDisposable
{
    public const string HostileMessage = "100% sure\r\n::error::forged\nkey: a, b %0A";

    private KestrelTarget? _target;
    private int _requests;

    public bool Healthy { get; set; } = true;

    public int Requests => Volatile.Read(ref _requests);

    public string Base => _target!.BaseAddress.ToString().TrimEnd('/');

    public static async Task<GateTargets> StartAsync()
    {
        var targets = new GateTargets();
        targets._target = await KestrelTarget.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                Interlocked.Increment(ref targets._requests);
                await next(context);
            });
            app.MapGet("/health", () => Results.Json(new { status = "healthy" }));
            app.MapGet("/broken", () => Results.Text("maintenance", statusCode: 503));
            app.MapGet("/flaky", () => targets.Healthy ? Results.Text("ok") : Results.Text("down for maintenance", statusCode: 503));
            app.MapGet("/hostile", () => Results.Json(new { message = HostileMessage }));
            app.MapGet("/echo-auth", (HttpContext context) => Results.Text($"you sent: {context.Request.Headers.Authorization} and {context.Request.QueryString}", statusCode: 500));
            app.MapGet("/big/{n}", (int n) => Results.Text(string.Concat(Enumerable.Repeat($"row {n} of a large error page that goes on and on\n", 200)), statusCode: 500));
            app.MapSlow("/hang", TimeSpan.FromMinutes(2));
        });
        return targets;
    }

    public async ValueTask DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}
