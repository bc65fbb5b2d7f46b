using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Notifications;

/// <summary>
/// A real HTTP receiver on loopback for notification tests: records every request (path, headers, body) and answers
/// as the service would (PagerDuty 202 "Event processed", Slack 200 "ok", Teams 202, webhooks 200), or as scripted
/// (a 500, a 429 with Retry-After, a hang longer than the sender's timeout).
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private KestrelTarget _target = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests answered with success (what the service would have accepted).</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.AnsweredStatus is >= 200 and < 300)];

    public string Url(string path) => _target.Url(path);

    public static async Task<NotificationReceiver> StartAsync()
    {
        var receiver = new NotificationReceiver();
        receiver._target = await KestrelTarget.StartAsync(app => app.MapPost("/{**path}", receiver.HandleAsync));
        return receiver;
    }

    /// <summary>The next request gets this answer instead of the service's usual one.</summary>
    public void Enqueue(int status, TimeSpan? retryAfter = null, TimeSpan? hang = null) => _script.Enqueue(new ScriptedAnswer(status, retryAfter, hang));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Path.Value ?? "/";
        var answer = _script.TryDequeue(out var scripted) ? scripted : null;
        var status = answer?.Status ?? (path.Contains("enqueue", StringComparison.Ordinal) ? 202 : path.Contains("teams", StringComparison.Ordinal) ? 202 : 200);
        // A hanging answer is never seen by the sender (it gives up first): recorded as no answer (0).
        _requests.Enqueue(new ReceivedRequest(path, headers, body, answer?.Hang is null ? status : 0, TimeProvider.System.GetUtcNow()));

        if (answer?.Hang is { } hang)
        {
            try
            {
                await Task.Delay(hang, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token).Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = status;
        if (answer?.RetryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == 202 && path.Contains("enqueue", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"status\":\"success\",\"message\":\"Event processed\"}");
        }
        else if (status == 200)
        {
            await context.Response.WriteAsync("ok");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _target.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed record ScriptedAnswer(int Status, TimeSpan? RetryAfter, TimeSpan? Hang);
}

/// <summary>One request as the receiver saw it, and what it answered.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus, DateTimeOffset At);
