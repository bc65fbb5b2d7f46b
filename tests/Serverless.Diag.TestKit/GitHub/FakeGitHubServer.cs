using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.GitHub;

/// <summary>
/// A stateful GitHub-compatible API on 127.0.0.1, served under <c>/api/v3/</c> as GitHub Enterprise Server is (and as
/// Octokit calls any host that is not github.com): issues, comments, labels, contents; every request recorded;
/// faults injectable per request.
/// </summary>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<GitHubFaultRule> _faults = [];
    private readonly FakeGitHubStore _store;
    private readonly TimeProvider _time;
    private int _inFlight;

    private FakeGitHubServer(WebApplication app, FakeGitHubStore store, TimeProvider time)
    {
        _app = app;
        _store = store;
        _time = time;
    }

    /// <summary>http://127.0.0.1:port (what GITHUB_API_URL is set to; Octokit appends /api/v3/).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public string Repository => _store.Repository;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<FakeIssue> Issues => _store.Snapshot();

    public IReadOnlyList<FakeIssue> OpenIssues => [.. Issues.Where(i => i.IsOpen && !i.IsPullRequest)];

    /// <param name="time">The fake's clock for created/updated/closed times and rate-limit resets.</param>
    public static async Task<FakeGitHubServer> StartAsync(TimeProvider? time = null, string repository = "acme/backend")
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var store = new FakeGitHubStore(repository, time);
        var server = new FakeGitHubServer(app, store, time);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    public GitHubFaultRule InjectFault(GitHubFault fault, Func<RecordedRequest, bool>? when = null, int times = 1)
    {
        var rule = new GitHubFaultRule(fault, when ?? (_ => true), times);
        lock (_faults)
        {
            _faults.Add(rule);
        }

        return rule;
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public void ClearRequests() => _requests.Clear();

    public void AddFile(string path, string text) => _store.Files[path.TrimStart('/')] = text;

    public FakeIssue AddPullRequest(string title) => _store.Create(title, null, [], [], pullRequest: true);

    public FakeIssue AddIssue(string title, string? body, IEnumerable<string> labels) => _store.Create(title, body, [.. labels], [], pullRequest: false);

    public FakeIssue? Issue(int number) => _store.Find(number);

    /// <summary>The login the token belongs to: the author of every comment and reaction the sink writes.</summary>
    public const string TokenUser = FakeGitHubStore.TokenUser;

    /// <summary>Someone comments on the issue (<paramref name="association"/>: GitHub's author_association).</summary>
    public FakeComment AddComment(int number, string body, string login, string association) => _store.AddComment(number, body, login, association);

    public IReadOnlyList<FakeComment> CommentsOn(int number) => _store.Find(number)?.Comments.ToList() ?? [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Waits until every request received has been handled (a slow answer's work included), for up to 30 s.</summary>
    public async Task WhenIdleAsync()
    {
        for (var i = 0; i < 3000 && Volatile.Read(ref _inFlight) > 0; i++)
        {
            await Task.Delay(10);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await HandleCoreAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, body, _time.GetUtcNow())
        {
            Authorization = context.Request.Headers.Authorization.ToString(),
        };
        _requests.Enqueue(request);

        GitHubFault? fault;
        lock (_faults)
        {
            fault = _faults.FirstOrDefault(f => f.TryTake(request))?.Fault;
        }

        request.Fault = fault?.Kind;
        var answer = fault is null ? null : FaultAnswer(fault);
        if (answer is not null)
        {
            request.Status = answer.Status;
            await answer.WriteAsync(context, _time);
            return;
        }

        switch (fault?.Kind)
        {
            case GitHubFaultKind.DropConnection:
                context.Abort();
                return;
            case GitHubFaultKind.Slow:
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(5), CancellationToken.None);
                break;
        }

        var result = string.IsNullOrEmpty(request.Authorization)
            ? FakeAnswer.Error(401, "Requires authentication", "https://docs.github.com/rest")
            : _store.Handle(request, BaseUrl);
        request.Status = result.Status;
        if (fault?.Kind == GitHubFaultKind.HoldAnswer && fault.Release is { } release)
        {
            await release.WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (fault?.Kind == GitHubFaultKind.DropAfterApply)
        {
            context.Abort();
            return;
        }

        await result.WriteAsync(context, _time);
    }

    private FakeAnswer? FaultAnswer(GitHubFault fault)
    {
        var reset = _time.GetUtcNow() + (fault.RetryAfter ?? TimeSpan.FromMinutes(10));
        return fault.Kind switch
        {
            GitHubFaultKind.ServerError => FakeAnswer.Error(500, "Server Error", "https://docs.github.com/rest"),
            GitHubFaultKind.BadGateway => new FakeAnswer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
            GitHubFaultKind.RateLimited => FakeAnswer.Error(403, "API rate limit exceeded for user ID 1.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
                .WithHeader("X-RateLimit-Remaining", "0")
                .WithHeader("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            GitHubFaultKind.SecondaryRateLimit => WithRetryAfter(
                FakeAnswer.Error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"),
                fault.RetryAfter),
            GitHubFaultKind.TooManyRequests => WithRetryAfter(FakeAnswer.Error(429, "Too Many Requests", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"), fault.RetryAfter ?? TimeSpan.FromSeconds(1)),
            GitHubFaultKind.Unprocessable => FakeAnswer.Error(422, "Validation Failed", "https://docs.github.com/rest/issues/issues#create-an-issue",
                [new System.Text.Json.Nodes.JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "assignees" }]),
            _ => null,
        };
    }

    private static FakeAnswer WithRetryAfter(FakeAnswer answer, TimeSpan? retryAfter) =>
        retryAfter is { } after ? answer.WithHeader("Retry-After", ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)) : answer;
}
