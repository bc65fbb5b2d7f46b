using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Diag.TestKit.FunctionsHost.Rpc;

namespace Serverless.Diag.TestKit.FunctionsHost;

/// <summary>
/// Plays the Azure Functions host for a published .NET isolated worker: a gRPC FunctionRpc server on loopback,
/// the worker started the way the host starts it (worker.config.json's executable and worker path, then
/// <c>--host --port --workerId --requestId --grpcMaxMessageLength --functions-uri --functions-worker-id
/// --functions-request-id --functions-grpc-max-message-length</c>, the app root as working directory, app settings
/// as environment variables), then StartStream, WorkerInitRequest, FunctionsMetadataRequest (worker indexing)
/// and one FunctionLoadRequest per function. Invocations go over the stream; HTTP triggers are also forwarded to
/// the worker's own HTTP listener (its <c>HttpUri</c> capability) with <c>x-ms-invocation-id</c>, as the host
/// does with ASP.NET Core integration.
/// </summary>
/// <remarks>
/// Not reproduced: the host's own trigger machinery (the cron evaluation and schedule monitor behind TimerInfo,
/// the function-key check before forwarding, %SETTING% resolution in bindings), which the tests drive by hand,
/// and shared-memory transfer, which the host uses only for large payloads.
/// </remarks>
public sealed class FunctionsHostEmulator : IAsyncDisposable
{
    public const string HostVersion = "4.1045.200.0";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly WebApplication _grpc;
    private readonly WorkerConnection _connection;
    private readonly Process _worker;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _forwarder;
    private readonly Dictionary<string, string> _functionIds = new(StringComparer.Ordinal);

    private FunctionsHostEmulator(WebApplication grpc, WorkerConnection connection, Process worker, string appDirectory)
    {
        _grpc = grpc;
        _connection = connection;
        _worker = worker;
        AppDirectory = appDirectory;
        _forwarder = new HttpClient(new RetryOnRefusedHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })) { Timeout = TimeSpan.FromSeconds(240) };
    }

    public string AppDirectory { get; }

    public int WorkerProcessId => _worker.Id;

    /// <summary>The worker's HTTP listener, from its HttpUri capability.</summary>
    public Uri? WorkerHttpUri { get; private set; }

    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>Function name to its indexed metadata (bindings as the worker declared them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FunctionBindings { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>When the worker process was started (<see cref="Stopwatch.GetTimestamp"/>), for timings after start-up.</summary>
    public long ProcessStarted { get; private set; }

    /// <summary>Process start to WorkerInitResponse, and to every function loaded.</summary>
    public TimeSpan Initialised { get; private set; }

    public TimeSpan Loaded { get; private set; }

    public IReadOnlyList<HostLog> Logs => _connection.Logs;

    /// <summary>What the worker wrote to stdout and stderr (the host logs both).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool WorkerExited => _worker.HasExited;

    /// <summary>Starts the host side, then the worker in <paramref name="appDirectory"/>, and loads its functions.</summary>
    public static async Task<FunctionsHostEmulator> StartAsync(string appDirectory, IReadOnlyDictionary<string, string?> appSettings)
    {
        var connection = new WorkerConnection();
        var grpc = await StartGrpcServerAsync(connection);
        var port = new Uri(grpc.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var (executable, arguments) = WorkerCommand(appDirectory, port);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // What the host adds to the app settings for a worker.
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        foreach (var (name, value) in appSettings)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        var worker = new Process { StartInfo = start };
        var host = new FunctionsHostEmulator(grpc, connection, worker, appDirectory);
        worker.OutputDataReceived += (_, e) => host.Append(e.Data);
        worker.ErrorDataReceived += (_, e) => host.Append(e.Data);
        worker.Start();
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            await host.InitialiseAsync(clock);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Sends a timer invocation whose binding value is <paramref name="timerJson"/> (see <see cref="TimerPayloads"/>).</summary>
    public async Task<InvocationOutcome> InvokeTimerAsync(string functionName, string timerJson, string bindingName = "timer")
    {
        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = _functionIds[functionName],
            TraceContext = NewTraceContext(),
        };
        request.InputData.Add(new ParameterBinding { Name = bindingName, Data = new TypedData { Json = timerJson } });
        request.TriggerMetadata.Add(bindingName, new TypedData { Json = timerJson });
        return await InvokeAsync(request);
    }

    /// <summary>
    /// An HTTP-triggered call as the host makes it with ASP.NET Core integration: the InvocationRequest over the
    /// stream and the caller's request forwarded to the worker's listener with the invocation id in a header.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationOutcome Invocation)> InvokeHttpAsync(string functionName, HttpRequestMessage caller, string bindingName = "request")
    {
        var invocationId = Guid.NewGuid().ToString();
        var pathAndQuery = caller.RequestUri!.IsAbsoluteUri ? caller.RequestUri.PathAndQuery : caller.RequestUri.OriginalString;
        var http = new RpcHttp { Method = caller.Method.Method, Url = "https://diag-app.azurewebsites.net" + pathAndQuery };
        foreach (var (name, values) in caller.Headers)
        {
            http.NullableHeaders[name.ToLowerInvariant()] = new NullableString { Value = string.Join(",", values) };
        }

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), pathAndQuery).Query);
        foreach (var key in query.AllKeys.OfType<string>())
        {
            http.NullableQuery[key] = new NullableString { Value = query[key] };
        }

        var request = new InvocationRequest { InvocationId = invocationId, FunctionId = _functionIds[functionName], TraceContext = NewTraceContext() };
        request.InputData.Add(new ParameterBinding { Name = bindingName, Data = new TypedData { Http = http } });
        request.TriggerMetadata.Add("Query", new TypedData { Json = JsonSerializer.Serialize(query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k])) });

        using var forwarded = new HttpRequestMessage(caller.Method, new Uri(WorkerHttpUri!, pathAndQuery)) { Content = caller.Content };
        foreach (var (name, values) in caller.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(name, values);
        }

        forwarded.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Host", "diag-app.azurewebsites.net");

        var response = _forwarder.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead);
        var invocation = InvokeAsync(request);
        try
        {
            return (await response, await invocation);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"forwarding to the worker's listener {WorkerHttpUri} failed ({e.Message}); worker output: {Output}", e);
        }
    }

    // The host always sends one (its Activity for the invocation); the worker relies on it.
    private static RpcTraceContext NewTraceContext() => new() { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-00" };

    /// <summary>Logs of one invocation as the host files them.</summary>
    public IReadOnlyList<HostLog> LogsOf(string invocationId) => [.. Logs.Where(l => l.InvocationId == invocationId)];

    public async ValueTask DisposeAsync()
    {
        _forwarder.Dispose();
        if (!_worker.HasExited)
        {
            try
            {
                await _connection.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                await _worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }

            if (!_worker.HasExited)
            {
                _worker.Kill(entireProcessTree: true);
                await _worker.WaitForExitAsync();
            }
        }

        _worker.Dispose();
        await _grpc.StopAsync();
        await _grpc.DisposeAsync();
    }

    private async Task<InvocationOutcome> InvokeAsync(InvocationRequest request)
    {
        var answer = await _connection.RequestAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request }, "invocation:" + request.InvocationId, TimeSpan.FromMinutes(5));
        var answered = Stopwatch.GetTimestamp();
        var result = answer.InvocationResponse.Result;

        // Logs sent before the response are already in; give stragglers on the same stream a moment.
        await Task.Delay(50);
        return new InvocationOutcome(
            request.InvocationId,
            result.Status == StatusResult.Types.Status.Success,
            result.Exception?.Message,
            result.Exception?.Type,
            LogsOf(request.InvocationId)) { Answered = answered };
    }

    private async Task InitialiseAsync(Stopwatch clock)
    {
        ProcessStarted = Stopwatch.GetTimestamp() - clock.Elapsed.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workerId = await WaitAsync(_connection.Started.Task, "StartStream");
        var init = new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = HostVersion,
                WorkerDirectory = AppDirectory,
                FunctionAppDirectory = AppDirectory,
            },
        };
        init.WorkerInitRequest.Capabilities["RpcHttpBodyOnly"] = "true";
        var initAnswer = await WaitAsync(_connection.RequestAsync(init, init.RequestId, StepTimeout), "WorkerInitResponse");
        var initResponse = initAnswer.WorkerInitResponse;
        if (initResponse.Result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"worker {workerId} failed to initialise: {initResponse.Result.Exception?.Message}");
        }

        Initialised = clock.Elapsed;
        Capabilities = new Dictionary<string, string>(initResponse.Capabilities);
        if (initResponse.Capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            WorkerHttpUri = new Uri(httpUri);
        }

        var metadata = new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory } };
        var metadataAnswer = (await WaitAsync(_connection.RequestAsync(metadata, metadata.RequestId, StepTimeout), "FunctionMetadataResponse")).FunctionMetadataResponse;
        if (metadataAnswer.Result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"function indexing failed: {metadataAnswer.Result.Exception?.Message}");
        }

        var bindings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var function in metadataAnswer.FunctionMetadataResults)
        {
            var functionId = string.IsNullOrEmpty(function.FunctionId) ? Guid.NewGuid().ToString() : function.FunctionId;
            var load = new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = functionId, Metadata = function.Clone() },
            };
            load.FunctionLoadRequest.Metadata.FunctionId = functionId;
            var loaded = (await WaitAsync(_connection.RequestAsync(load, "load:" + functionId, StepTimeout), "FunctionLoadResponse")).FunctionLoadResponse;
            if (loaded.Result.Status != StatusResult.Types.Status.Success)
            {
                throw new InvalidOperationException($"loading {function.Name} failed: {loaded.Result.Exception?.Message}");
            }

            _functionIds[function.Name] = functionId;
            bindings[function.Name] = [.. function.RawBindings];
        }

        FunctionBindings = bindings;
        Loaded = clock.Elapsed;
    }

    private async Task<T> WaitAsync<T>(Task<T> step, string what)
    {
        var exited = _worker.WaitForExitAsync();
        var timeout = Task.Delay(StepTimeout);
        var first = await Task.WhenAny(step, exited, timeout);
        if (first == step)
        {
            return await step;
        }

        throw new InvalidOperationException(first == exited
            ? $"the worker exited ({_worker.ExitCode}) before {what}: {Output}"
            : $"no {what} within {StepTimeout.TotalSeconds:0} s: {Output}");
    }

    private static (string Executable, IReadOnlyList<string> Arguments) WorkerCommand(string appDirectory, int port)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var root = appDirectory.EndsWith(Path.DirectorySeparatorChar) ? appDirectory : appDirectory + Path.DirectorySeparatorChar;
        var executable = description.GetProperty("defaultExecutablePath").GetString()!.Replace("{WorkerRoot}", root, StringComparison.Ordinal);
        var workerPath = description.GetProperty("defaultWorkerPath").GetString()!.Replace("{WorkerRoot}", root, StringComparison.Ordinal);
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var max = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        var uri = new Uri($"http://127.0.0.1:{port}/");
        var arguments = new List<string>();
        if (executable == "dotnet")
        {
            arguments.Add(Path.GetFullPath(workerPath, appDirectory));
        }

        arguments.AddRange([
            "--host", uri.Host, "--port", port.ToString(CultureInfo.InvariantCulture), "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", max, "--functions-uri", uri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", max,
        ]);
        return (executable, arguments);
    }

    private static async Task<WebApplication> StartGrpcServerAsync(WorkerConnection connection)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(connection);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync();
        return app;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// The host's forwarder retries a refused connection (its RetryProxyHandler): the worker announces HttpUri
    /// before its listener is necessarily up.
    /// </summary>
    private sealed class RetryOnRefusedHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                catch (HttpRequestException e) when (attempt < 20 && e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
                {
                    await Task.Delay(50 * attempt, cancellationToken);
                }
            }
        }
    }
}
