using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.History;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting;

/// <summary>
/// The object graph behind a scheduled run and <c>/api/diagnose</c>, composed in one place by hand: the Functions
/// worker registers it in its DI container (<see cref="DiagnosisServices.AddDiagnosis"/>), and <c>serve</c> uses it
/// directly, without a container (resolving a generic host's services is most of a Native AOT process's start-up).
/// </summary>
public sealed class DiagnosisComponents : IDisposable
{
    /// <summary>
    /// How long a run waits for another instance filing the same environment's incidents. Filing takes seconds;
    /// the wait stays well inside the HTTP trigger's 230 s after a full diagnose budget.
    /// </summary>
    public static readonly TimeSpan IncidentLeaseWait = TimeSpan.FromSeconds(20);

    private readonly IDisposable? _filingLock;

    private DiagnosisComponents(RedactingLoggerFactory loggers, DiagnosisService service, ScheduledDiagnosisRunner runner, DiagnoseHttpHandler http, IDisposable? filingLock)
    {
        Loggers = loggers;
        Service = service;
        Runner = runner;
        Http = http;
        _filingLock = filingLock;
    }

    /// <summary>Every log line of a run goes through it, masked.</summary>
    public RedactingLoggerFactory Loggers { get; }

    /// <summary>The diagnosis service; its settings and state store are the ones composed here.</summary>
    public DiagnosisService Service { get; }

    public ScheduledDiagnosisRunner Runner { get; }

    public DiagnoseHttpHandler Http { get; }

    /// <param name="environment">The app settings (process environment; a dictionary in tests).</param>
    /// <param name="apiKey">serve's own key for /api/diagnose (null under the Functions host, which checks the function key).</param>
    /// <param name="loggerFactory">The host's logging; lines reach it masked.</param>
    /// <param name="stopping">Cancelled when the host shuts down: runs in flight stop then, not when a caller leaves.</param>
    public static DiagnosisComponents Compose(
        DiagnosisSettings settings,
        Func<string, string?> environment,
        string? apiKey,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        ProbeRegistry probes,
        CancellationToken stopping)
    {
        var secrets = new SecretRedactor();
        secrets.Add(environment("GITHUB_TOKEN"));
        secrets.Add(apiKey);
        var loggers = new RedactingLoggerFactory(loggerFactory, secrets);
        var pipeline = new DiagnosisPipeline(probes, timeProvider, loggers, environment);
        var state = DiagnosisState.Open(settings.State, loggers.Secrets);
        var incidentSinks = new GitHubIncidentSinkFactory(timeProvider, loggers, state.Store);

        // With a state store, filing holds the store's lease per environment: other instances and processes wait too.
        IIncidentFilingLock filingLock = state.Store is { } store
            ? new StoreIncidentFilingLock(store, timeProvider, loggers.CreateLogger("Serverless.Diag.State"), IncidentLeaseWait)
            : new InProcessIncidentFilingLock();
        var service = new DiagnosisService(pipeline, settings, incidentSinks, filingLock, loggers, environment, stopping)
        {
            State = state,
        };
        var history = new HistoryPublisher(state, timeProvider, loggers, environment);
        var http = new DiagnoseHttpHandler(service, loggers, new DiagnoseHttpOptions(apiKey));
        return new DiagnosisComponents(loggers, service, new ScheduledDiagnosisRunner(service, history), http, filingLock as IDisposable);
    }

    public void Dispose()
    {
        Service.Dispose();
        _filingLock?.Dispose();
    }
}
