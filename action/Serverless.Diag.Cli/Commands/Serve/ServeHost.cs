using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure.Http;
using Serverless.Diag.Cli.Infrastructure.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>What a test may put in place of serve's real parts.</summary>
internal sealed record ServeHostOptions
{
    public TimeProvider? Time { get; init; }

    public ProbeRegistry? Probes { get; init; }

    /// <summary>Receives serve's log lines too.</summary>
    public ILoggerProvider? Logs { get; init; }
}

/// <summary>
/// serve's process: the diagnosis components the Functions worker registers, composed by hand, behind Kestrel started
/// directly, and the schedule. No generic host: its container was most of the Native AOT binary's start-up.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    /// <summary>Kestrel's own ceiling; the endpoint refuses bodies over 8 KB itself (413) before this matters.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    private readonly IReadOnlyList<string> _listen;
    private readonly DeferredLoggerFactory _logging;
    private readonly DiagnosisComponents _components;
    private readonly CancellationTokenSource _stopping;
    private StandaloneKestrel? _kestrel;
    private int _stopped;

    private ServeHost(IReadOnlyList<string> listen, DeferredLoggerFactory logging, DiagnosisComponents components, CancellationTokenSource stopping, TimeProvider time)
    {
        _listen = listen;
        _stopping = stopping;
        _logging = logging;
        _components = components;
        Scheduler = new CronScheduler(components.Runner, components.Service.Settings, time, components.Loggers);
    }

    /// <summary>The addresses listened on, with the ports chosen for <c>:0</c>; empty before <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> Urls => _kestrel?.Addresses ?? [];

    public DiagnosisService Diagnosis => _components.Service;

    public ScheduledDiagnosisRunner Runner => _components.Runner;

    public CronScheduler Scheduler { get; }

    /// <param name="environment">The app settings (the process environment; a dictionary in tests).</param>
    /// <param name="apiKey">The key /api/diagnose requires; null on loopback without DIAG_API_KEY.</param>
    public static ServeHost Create(DiagnosisSettings settings, IReadOnlyList<string> listen, string? apiKey, Func<string, string?> environment, ServeHostOptions? options = null)
    {
        options ??= new ServeHostOptions();
        var time = options.Time ?? TimeProvider.System;
        var logging = ServeLogging.Create(options.Logs);
        var stopping = new CancellationTokenSource();
        try
        {
            var components = DiagnosisComponents.Compose(settings, environment, apiKey, logging, time, options.Probes ?? ProbeCatalog.CreateDefault(), stopping.Token);
            return new ServeHost(listen, logging, components, stopping, time);
        }
        catch
        {
            stopping.Dispose();
            logging.Dispose();
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _kestrel = await StandaloneKestrel.StartAsync(_listen, RouteAsync, _logging, MaxRequestBodyBytes, cancellationToken);
        await Scheduler.StartAsync(cancellationToken);
    }

    /// <summary>As the Functions host stops a worker: runs in flight are cancelled, the schedule stops, then the listener.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Scheduler.StopAsync(cancellationToken);
        if (_kestrel is not null)
        {
            await _kestrel.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (_kestrel is not null)
        {
            await _kestrel.DisposeAsync();
        }

        Scheduler.Dispose();
        _components.Dispose();
        _stopping.Dispose();
        _logging.Dispose();
    }

    // Two fixed paths; matched as ASP.NET Core's routing would (any case, an optional trailing slash), with 404 and
    // 405 + Allow for the rest.
    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value is { Length: > 1 } p ? p.TrimEnd('/') : "/";
        var method = context.Request.Method;
        if (path == "/")
        {
            return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? OkAsync(context) : NotAllowed(context, "GET, HEAD");
        }

        if (path.Equals(DiagnoseHttpHandler.Route, StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethods.IsGet(method) || HttpMethods.IsPost(method) ? _components.Http.InvokeAsync(context) : NotAllowed(context, "GET, POST");
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static Task OkAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("ok", context.RequestAborted);
    }

    private static Task NotAllowed(HttpContext context, string allow)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = allow;
        return Task.CompletedTask;
    }
}
