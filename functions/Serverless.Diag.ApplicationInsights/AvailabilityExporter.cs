using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>
/// Sends every check result of a run to Application Insights as an availability result, once the run is over,
/// within <see cref="AvailabilityExportOptions.FlushTimeout"/>. An outage of the service costs a run at most that
/// long and never fails it; whatever is not delivered is counted (<see cref="LostTotal"/>) and logged as a warning.
/// </summary>
/// <remarks>
/// Why not Microsoft.ApplicationInsights 3.x or Azure.Monitor.OpenTelemetry.Exporter: the exporter is marked not
/// AOT-compatible (AotCompatOptOut) and the 3.x SDK is a shim over it; both send from a background batch with
/// retries and a disk buffer whose losses the application never learns of, while a diagnosis must know, within
/// its own run, what was delivered. The Breeze envelope is small and documented, so it is written here.
/// </remarks>
public sealed class AvailabilityExporter
{
    // One connection pool for every exporter of the process: the CLI builds one per invocation, tests many.
    private static readonly Lazy<HttpMessageInvoker> SharedInvoker = new(() => new HttpMessageInvoker(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // No trace header of an ambient activity on our own telemetry requests.
        ActivityHeadersPropagator = null,
    }));

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly MediaTypeHeaderValue JsonStream = new("application/x-json-stream");

    private readonly ConnectionSettings _connection;
    private readonly AvailabilityExportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _invoker;
    private readonly IngestionToken? _token;
    private readonly EnvelopeContext _context;
    private long _acceptedTotal;
    private long _lostTotal;

    public AvailabilityExporter(ConnectionSettings connection, AvailabilityExportOptions options, TimeProvider time, ILogger logger, Func<string, string?> environment)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
        _invoker = options.Handler is { } handler ? new HttpMessageInvoker(handler, disposeHandler: false) : SharedInvoker.Value;
        if (connection.Entra is { } entra)
        {
            _token = new IngestionToken(options.Credential ?? IngestionToken.CredentialFor(entra), time);
        }

        var version = typeof(AvailabilityExporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        _context = new EnvelopeContext(
            connection.InstrumentationKey,
            options.RunLocation ?? RunLocation.FromEnvironment(environment),
            environment("WEBSITE_SITE_NAME") is { Length: > 0 } site ? site : "serverless-diag",
            Environment.MachineName,
            $"serverless-diag:{version}");
    }

    /// <summary>Results the endpoint took, over the exporter's life.</summary>
    public long AcceptedTotal => Interlocked.Read(ref _acceptedTotal);

    /// <summary>Results rejected or never delivered, over the exporter's life.</summary>
    public long LostTotal => Interlocked.Read(ref _lostTotal);

    public Uri TrackUri => _connection.TrackUri;

    /// <summary>
    /// The exporter <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> asks for, or null when it is unset. A connection
    /// string that cannot be used is logged as an error (without quoting it) and exports nothing.
    /// </summary>
    public static AvailabilityExporter? FromEnvironment(Func<string, string?> environment, TimeProvider time, ILoggerFactory loggerFactory, AvailabilityExportOptions? options = null)
    {
        if (environment(ConnectionSettings.ConnectionStringVariable) is not { Length: > 0 } connectionString)
        {
            return null;
        }

        var logger = loggerFactory.CreateLogger("Serverless.Diag.ApplicationInsights");
        var settings = ConnectionSettings.Parse(connectionString, environment(ConnectionSettings.AuthenticationStringVariable), out var problem);
        if (settings is null)
        {
            logger.LogError("Availability results will not be sent to Application Insights: {Problem}", problem);
            return null;
        }

        return new AvailabilityExporter(settings, options ?? new AvailabilityExportOptions(), time, logger, environment);
    }

    /// <summary>Sends the run's results; never throws for the service's fault and returns within the flush timeout.</summary>
    public async Task<AvailabilityExportOutcome> PublishAsync(RunReport report, CancellationToken cancellationToken)
    {
        var envelopes = new List<AvailabilityEnvelope>(report.Summary.Total);
        foreach (var check in report.AllChecks)
        {
            envelopes.Add(AvailabilityMapper.Map(check, report.StartedAt, _context));
        }

        if (envelopes.Count == 0)
        {
            return new AvailabilityExportOutcome(0, 0, 0, 0, null);
        }

        using var budget = new CancellationTokenSource(_options.FlushTimeout, _options.FlushClock ?? TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var tally = new Tally();
        for (var offset = 0; offset < envelopes.Count; offset += _options.MaxBatchSize)
        {
            var batch = envelopes.GetRange(offset, Math.Min(_options.MaxBatchSize, envelopes.Count - offset));
            await SendWithRetryAsync(batch, tally, linked.Token, budget.Token);
        }

        var outcome = new AvailabilityExportOutcome(envelopes.Count, tally.Accepted, tally.Rejected, tally.Dropped, tally.Problem);
        Interlocked.Add(ref _acceptedTotal, outcome.Accepted);
        Interlocked.Add(ref _lostTotal, outcome.Lost);
        if (outcome.Lost > 0)
        {
            _logger.LogWarning(
                "Application Insights: {Lost} of {Total} availability results not recorded ({Rejected} rejected, {Dropped} not delivered): {Problem}",
                outcome.Lost, outcome.Total, outcome.Rejected, outcome.Dropped, outcome.Problem);
        }
        else
        {
            _logger.LogDebug("Application Insights: {Accepted} availability results recorded", outcome.Accepted);
        }

        return outcome;
    }

    private async Task SendWithRetryAsync(List<AvailabilityEnvelope> batch, Tally tally, CancellationToken token, CancellationToken budget)
    {
        var pending = batch;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (token.IsCancellationRequested)
            {
                tally.Drop(pending.Count, Cancelled(budget));
                return;
            }

            SendResult result;
            try
            {
                result = await SendAsync(pending, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                tally.Drop(pending.Count, Cancelled(budget));
                return;
            }
            catch (HttpRequestException e)
            {
                result = SendResult.Transient($"ingestion unreachable at {_connection.IngestionEndpoint.GetLeftPart(UriPartial.Authority)} ({e.HttpRequestError})", pending.Count);
            }
            catch (Exception e) when (e is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or Azure.RequestFailedException)
            {
                // No token, no point retrying within one run's budget.
                tally.Drop(pending.Count, $"no Entra token for ingestion: {e.GetType().Name}");
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Telemetry must never fail a diagnosis; the type alone, as the message may quote a response.
                tally.Drop(pending.Count, $"sending failed: {e.GetType().Name}");
                return;
            }

            tally.Accepted += result.Accepted;
            tally.Reject(result.Rejected, result.Problem);
            pending = result.Retry is null ? [] : [.. result.Retry.Select(i => pending[i])];
            if (pending.Count == 0)
            {
                return;
            }

            if (attempt == 2)
            {
                tally.Drop(pending.Count, result.Problem);
                return;
            }

            try
            {
                await Task.Delay(result.RetryAfter ?? RetryPause, _options.FlushClock ?? TimeProvider.System, token);
            }
            catch (OperationCanceledException)
            {
                tally.Drop(pending.Count, result.Problem ?? Cancelled(budget));
                return;
            }
        }
    }

    private string Cancelled(CancellationToken budget) => budget.IsCancellationRequested
        ? $"ingestion did not answer within the {_options.FlushTimeout.TotalSeconds:0.#} s flush timeout"
        : "the run was cancelled";

    private async Task<SendResult> SendAsync(List<AvailabilityEnvelope> batch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _connection.TrackUri)
        {
            Content = new ReadOnlyMemoryContent(Serialize(batch)) { Headers = { ContentType = JsonStream } },
        };
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _token.GetAsync(cancellationToken));
        }

        using var response = await _invoker.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return new SendResult(batch.Count, 0, null, null, null);
        }

        if (status is 206 or 400)
        {
            var answer = await ReadAnswerAsync(response, cancellationToken);
            if (answer?.Errors is { Count: > 0 } errors)
            {
                return ItemErrors(batch.Count, errors);
            }
        }

        var problem = IngestionStatus.Describe(response.StatusCode);
        return IngestionStatus.IsTransient(status)
            ? SendResult.Transient(problem, batch.Count, response.Headers.RetryAfter?.Delta)
            : new SendResult(0, batch.Count, null, problem, null);
    }

    /// <summary>A partial answer: the listed items failed, transient ones are sent again, the rest were taken.</summary>
    private static SendResult ItemErrors(int count, IReadOnlyList<TrackError> errors)
    {
        var retry = new List<int>();
        var rejected = 0;
        string? first = null;
        foreach (var error in errors)
        {
            if (error.Index < 0 || error.Index >= count)
            {
                continue;
            }

            first ??= $"ingestion refused items ({error.StatusCode}: {error.Message})";
            if (IngestionStatus.IsTransient(error.StatusCode))
            {
                retry.Add(error.Index);
            }
            else
            {
                rejected++;
            }
        }

        return new SendResult(count - rejected - retry.Count, rejected, retry.Count > 0 ? retry : null, first, null);
    }

    private static async Task<TrackResponse?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, AvailabilityJson.Default.TrackResponse, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Newline-delimited JSON, one envelope per line, as the SDKs send.</summary>
    internal static ReadOnlyMemory<byte> Serialize(List<AvailabilityEnvelope> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 640);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var envelope in batch)
        {
            JsonSerializer.Serialize(json, envelope, AvailabilityJson.Default.AvailabilityEnvelope);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenMemory;
    }

    /// <param name="Retry">Indexes in the batch to send again; null when nothing is.</param>
    private sealed record SendResult(int Accepted, int Rejected, List<int>? Retry, string? Problem, TimeSpan? RetryAfter)
    {
        /// <summary>The whole batch failed in a way worth one more try.</summary>
        public static SendResult Transient(string problem, int count, TimeSpan? retryAfter = null) =>
            new(0, 0, [.. Enumerable.Range(0, count)], problem, retryAfter);
    }

    private sealed class Tally
    {
        public int Accepted { get; set; }

        public int Rejected { get; private set; }

        public int Dropped { get; private set; }

        public string? Problem { get; private set; }

        public void Reject(int count, string? problem)
        {
            Rejected += count;
            if (count > 0)
            {
                Problem ??= problem;
            }
        }

        public void Drop(int count, string? problem)
        {
            Dropped += count;
            if (count > 0)
            {
                Problem ??= problem;
            }
        }
    }
}
