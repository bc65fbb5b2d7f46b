using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.State;

/// <summary>
/// A failing HTTP target that holds each request on a path until <c>parties</c> requests reached that path (or a
/// minute passed), then answers them all with 500: runs in separate processes reach the store and incident filing
/// at the same moment instead of whenever each process happened to start.
/// </summary>
internal sealed class RendezvousTarget : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Meeting> _meetings = new(StringComparer.Ordinal);
    private readonly int _parties;
    private KestrelTarget _target = null!;

    private RendezvousTarget(int parties) => _parties = parties;

    public string BaseUrl => _target.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Requests seen per path.</summary>
    public int Requests(string path) => _meetings.TryGetValue(path, out var meeting) ? meeting.Arrived : 0;

    public static async Task<RendezvousTarget> StartAsync(int parties)
    {
        var target = new RendezvousTarget(parties);
        target._target = await KestrelTarget.StartAsync(app => app.MapGet("/{name}", target.MeetAsync));
        return target;
    }

    public ValueTask DisposeAsync() => _target.DisposeAsync();

    private async Task<IResult> MeetAsync(HttpContext context, string name)
    {
        var meeting = _meetings.GetOrAdd("/" + name, _ => new Meeting());
        if (Interlocked.Increment(ref meeting.Arrived) >= _parties)
        {
            meeting.Everyone.TrySetResult();
        }

        try
        {
            await meeting.Everyone.Task.WaitAsync(TimeSpan.FromMinutes(1), context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // The other party never came: answer anyway, the test's own assertions will say what went wrong.
        }

        return Results.Text("down", statusCode: 500);
    }

    private sealed class Meeting
    {
        public int Arrived;

        public TaskCompletionSource Everyone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
